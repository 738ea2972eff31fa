using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.FairShare;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>
/// Fair share beyond this scheduler: the usage its users and groups have here (handed to the cluster's fair-share
/// grain), their usage in the other pools (counted in their keys and caps), and usage from before a restart.
/// </summary>
public sealed partial class Scheduler
{
    /// <summary>Usage below this (vCPU-seconds) with nothing reserved is left out: it no longer orders anyone.</summary>
    private const double NegligibleVcpuSeconds = 0.5;

    private readonly Dictionary<string, DecayingUsage> _ownersElsewhere = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DecayingUsage> _groupsElsewhere = new(StringComparer.Ordinal);

    /// <summary>Each user's and group's usage in this scheduler's pools now (negligible ones left out).</summary>
    public IReadOnlyList<ShareUsage> UsageHere()
    {
        var now = _time.GetUtcNow();
        var usage = new List<ShareUsage>();
        foreach (var owner in _owners.Values)
        {
            Add(owner.Id, isGroup: false, owner.Usage);
        }

        foreach (var (name, group) in _groups)
        {
            Add(name, isGroup: true, group);
        }

        return usage;

        void Add(string name, bool isGroup, DecayingUsage of)
        {
            var vcpuSeconds = of.UsageAt(now);
            if (vcpuSeconds >= NegligibleVcpuSeconds || of.ReservedMilliVcpu > 0)
            {
                usage.Add(new ShareUsage(name, isGroup, vcpuSeconds, of.ReservedMilliVcpu, now));
            }
        }
    }

    /// <summary>
    /// Adds usage from before a restart (what <see cref="UsageHere"/> gave then), decayed since; the restored
    /// reservations count on top. Their reservations then are not taken: those still held were restored.
    /// </summary>
    public void AddPastUsage(IEnumerable<ShareUsage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        foreach (var entry in usage)
        {
            (entry.IsGroup ? Group(entry.Name) : Owner(entry.Name).Usage).AddPast(entry.VcpuSeconds, entry.At);
        }
    }

    /// <summary>
    /// What users and groups use in the other pools (replacing the previous view): it adds to their fair-share keys
    /// as their own usage here does, and their reservations there count against their caps.
    /// </summary>
    public void SetUsageElsewhere(IEnumerable<ShareUsage> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        _ownersElsewhere.Clear();
        _groupsElsewhere.Clear();
        foreach (var entry in usage)
        {
            (entry.IsGroup ? _groupsElsewhere : _ownersElsewhere)[entry.Name] = new DecayingUsage(_policy.HalfLife, entry.At, entry.VcpuSeconds, entry.ReservedMilliVcpu);
        }
    }

    private double OwnerKey(OwnerQueue owner, DateTimeOffset now) =>
        owner.Usage.KeyAt(now) + (_ownersElsewhere.TryGetValue(owner.Id, out var elsewhere) ? elsewhere.KeyAt(now) : 0);

    private double GroupKey(string group, DateTimeOffset now) =>
        Group(group).KeyAt(now) + (_groupsElsewhere.TryGetValue(group, out var elsewhere) ? elsewhere.KeyAt(now) : 0);

    private long OwnerReservedEverywhere(OwnerQueue owner) =>
        owner.Usage.ReservedMilliVcpu + (_ownersElsewhere.TryGetValue(owner.Id, out var elsewhere) ? elsewhere.ReservedMilliVcpu : 0);

    private long GroupReservedEverywhere(string group) =>
        Group(group).ReservedMilliVcpu + (_groupsElsewhere.TryGetValue(group, out var elsewhere) ? elsewhere.ReservedMilliVcpu : 0);
}
