using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Requests;

/// <summary>What the scheduler places for one job.</summary>
public sealed record PlacementRequest
{
    /// <summary>Priorities accepted (higher first, within one owner's jobs).</summary>
    public const int MinPriority = -100, MaxPriority = 100;

    /// <summary>Most processes one job may ask for.</summary>
    public const int MaxProcesses = 100_000;

    /// <summary>The job.</summary>
    public required string JobId { get; init; }

    /// <summary>The user whose fair share and caps the job counts against.</summary>
    public required string Owner { get; init; }

    /// <summary>The owner's groups (caps apply to each; fair share weighs the heaviest).</summary>
    public ImmutableArray<string> Groups { get; init; } = [];

    /// <summary>Order among the owner's own jobs; higher first; <see cref="MinPriority"/>..<see cref="MaxPriority"/>.</summary>
    public int Priority { get; init; }

    /// <summary>The pools the job may use.</summary>
    public required PoolSelector Selector { get; init; }

    /// <summary>The processes, index order; index 0 is the master.</summary>
    public required ImmutableArray<ProcessRequest> Processes { get; init; }

    /// <summary>
    /// The first processes placed together or not at all: the master plus a fixed pool's minimum workers; 1 (the
    /// master) otherwise.
    /// </summary>
    public int GangSize { get; init; } = 1;

    /// <summary>
    /// True for a fixed pool: processes past the gang are placed with it if they fit then, and dropped otherwise
    /// (no worker joins a fixed pool after its master starts). False: elastic workers wait and join when placed.
    /// </summary>
    public bool FixedPool { get; init; }

    /// <summary>
    /// Builds the request of a job from its spec, in JobHub's vocabulary: <see cref="JobSpec.NodeType"/> names the
    /// pool, <see cref="Nodes.NodeTypeCatalog"/>'s rule gives each process's resources, a fixed pool's master and minimum
    /// workers form the gang and are critical.
    /// </summary>
    public static PlacementRequest FromJobSpec(string jobId, JobSpec spec, NodeTypeSpec nodeType, string owner, ImmutableArray<string> groups, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodeType);
        var perProcess = ResourceAmount.Of(Nodes.NodeTypeCatalog.PerProcess(spec, nodeType));
        var distributed = spec.Mode == JobMode.Distributed ? spec.Distributed : null;
        var total = distributed is null ? 1 : distributed.Nodes * distributed.ProcessesPerNode;
        var isFixed = distributed is { Pool: WorkerPoolKind.Fixed };
        var gang = isFixed ? 1 + (distributed!.MinimumWorkers ?? total - 1) : 1;
        var processes = Enumerable.Range(0, total)
            .Select(i => new ProcessRequest(i, i == 0 ? WorkerRole.Master : WorkerRole.Worker, perProcess, Critical: i == 0 || isFixed))
            .ToImmutableArray();
        return new PlacementRequest
        {
            JobId = jobId,
            Owner = owner,
            Groups = groups,
            Priority = priority,
            Selector = PoolSelector.Named(spec.NodeType),
            Processes = processes,
            GangSize = gang,
            FixedPool = isFixed,
        };
    }
}
