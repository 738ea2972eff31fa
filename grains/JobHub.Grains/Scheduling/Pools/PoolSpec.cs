using System.Collections.Immutable;
using JobHub.Contracts.Jobs;

namespace JobHub.Grains.Scheduling.Pools;

/// <summary>An immutable node pool definition the scheduler and autoscaler work from (built from <see cref="NodePoolOptions"/>).</summary>
public sealed record PoolSpec
{
    /// <summary>The label that keeps critical processes off a pool (its nodes may be taken back at any time).</summary>
    public const string SpotLabel = "spot";

    /// <summary>Pool name, also the node type name jobs ask for.</summary>
    public required string Name { get; init; }

    /// <summary>Size of one node.</summary>
    public required ResourceAmount NodeSize { get; init; }

    /// <summary>Price of one node for one hour in dollars.</summary>
    public decimal PricePerHour { get; init; }

    /// <summary>Nodes kept even when idle.</summary>
    public int MinNodes { get; init; }

    /// <summary>Most nodes, booting ones included.</summary>
    public int MaxNodes { get; init; } = 10;

    /// <summary>Absolute free capacity to keep.</summary>
    public ResourceAmount HeadroomAbsolute { get; init; }

    /// <summary>Free capacity as a percentage of reserved.</summary>
    public int HeadroomPercentOfReserved { get; init; }

    /// <summary>Empty nodes to keep.</summary>
    public int HeadroomFreeNodes { get; init; }

    /// <summary>How long a node must be unneeded before it is stopped.</summary>
    public TimeSpan ScaleDownDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A node not up this long after its start is replaced.</summary>
    public TimeSpan ProvisioningTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The provider's minimum billing period (0: per second).</summary>
    public TimeSpan MinimumBillingPeriod { get; init; }

    /// <summary>Most nodes started in one decision.</summary>
    public int MaxParallelStarts { get; init; } = 100;

    /// <summary>Labels jobs select the pool by.</summary>
    public ImmutableArray<string> Labels { get; init; } = [];

    /// <summary>Node provider name.</summary>
    public string Provider { get; init; } = "simulated";

    /// <summary>True when the pool carries the <see cref="SpotLabel"/>.</summary>
    public bool IsSpot => Labels.Contains(SpotLabel);

    /// <summary>The pool as a node type (the vocabulary of job specs).</summary>
    public NodeTypeSpec NodeType => new(Name, (int)(NodeSize.MilliVcpu / 1000), NodeSize.MemoryMiB, NodeSize.Gpus, PricePerHour);

    /// <summary>Builds a pool from its options (already validated).</summary>
    public static PoolSpec From(string name, NodePoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var headroom = options.Headroom ?? new NodePoolHeadroomOptions();
        return new PoolSpec
        {
            Name = name,
            NodeSize = new ResourceAmount(options.Vcpu * 1000L, options.MemoryMiB, options.Gpus),
            PricePerHour = options.PricePerHour,
            MinNodes = options.MinNodes,
            MaxNodes = options.MaxNodes,
            HeadroomAbsolute = new ResourceAmount(headroom.Vcpu * 1000L, headroom.MemoryMiB, headroom.Gpus),
            HeadroomPercentOfReserved = headroom.PercentOfReserved,
            HeadroomFreeNodes = headroom.FreeNodes,
            ScaleDownDelay = options.ScaleDownDelay,
            ProvisioningTimeout = options.ProvisioningTimeout,
            MinimumBillingPeriod = options.MinimumBillingPeriod,
            MaxParallelStarts = options.MaxParallelStarts,
            Labels = [.. options.Labels],
            Provider = options.Provider,
        };
    }

    /// <summary>Every pool of the options, ordered by name.</summary>
    public static ImmutableArray<PoolSpec> AllFrom(NodePoolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. options.Pools.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => From(p.Key, p.Value))];
    }

    /// <summary>The free capacity this pool wants beyond pending work, given what it has reserved.</summary>
    public ResourceAmount HeadroomFor(ResourceAmount reserved) =>
        ResourceAmount.Max(HeadroomAbsolute, reserved.Scale(HeadroomPercentOfReserved / 100.0));
}
