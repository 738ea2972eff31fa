using System.Collections.Immutable;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.FairShare;

/// <summary>The scheduler's fair-share and cap settings (from <see cref="NodePoolsOptions"/>).</summary>
public sealed record SchedulerPolicy
{
    /// <summary>Half-life of decayed usage.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Weight of a job's heaviest group relative to its owner.</summary>
    public double GroupShareWeight { get; init; } = 0.5;

    /// <summary>Default per-user cap in vCPU (0: none).</summary>
    public int DefaultUserVcpuCap { get; init; }

    /// <summary>Default per-group cap in vCPU (0: none).</summary>
    public int DefaultGroupVcpuCap { get; init; }

    /// <summary>Named user caps.</summary>
    public ImmutableDictionary<string, int> UserVcpuCaps { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Named group caps.</summary>
    public ImmutableDictionary<string, int> GroupVcpuCaps { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Jobs of one owner looked at each time the owner's turn comes (bounds a pass on long queues).</summary>
    public int JobsTriedPerTurn { get; init; } = 32;

    /// <summary>The policy the options describe.</summary>
    public static SchedulerPolicy From(NodePoolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SchedulerPolicy
        {
            HalfLife = options.FairShareHalfLife,
            GroupShareWeight = options.GroupShareWeight,
            DefaultUserVcpuCap = options.DefaultUserVcpuCap,
            DefaultGroupVcpuCap = options.DefaultGroupVcpuCap,
            UserVcpuCaps = options.UserVcpuCaps.ToImmutableDictionary(StringComparer.Ordinal),
            GroupVcpuCaps = options.GroupVcpuCaps.ToImmutableDictionary(StringComparer.Ordinal),
        };
    }

    /// <summary>The cap of a user in milli-vCPU, or long.MaxValue for none.</summary>
    public long UserCapMilli(string user) => CapMilli(UserVcpuCaps.TryGetValue(user, out var cap) ? cap : DefaultUserVcpuCap);

    /// <summary>The cap of a group in milli-vCPU, or long.MaxValue for none.</summary>
    public long GroupCapMilli(string group) => CapMilli(GroupVcpuCaps.TryGetValue(group, out var cap) ? cap : DefaultGroupVcpuCap);

    private static long CapMilli(int vcpu) => vcpu <= 0 ? long.MaxValue : vcpu * 1000L;
}
