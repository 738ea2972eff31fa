using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>
/// What a user asks to run. Exactly one of <see cref="Command"/> (with <see cref="Arguments"/>) or
/// <see cref="EntryScript"/> (a path inside the job's code bundle) says what to start.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.JobSpec")]
public sealed record JobSpec
{
    /// <summary>Default <see cref="TimeLimit"/>: one hour.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromHours(1);

    /// <summary>A name a person recognises the job by.</summary>
    [Id(0)]
    public string Name { get; init; } = string.Empty;

    /// <summary>The executable to run (a path or a name found on PATH); null when an entry script is given.</summary>
    [Id(1)]
    public string? Command { get; init; }

    /// <summary>Arguments passed to <see cref="Command"/> (or to the entry script), each as one argv element.</summary>
    [Id(2)]
    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>Relative path of the script to run inside the unpacked code bundle; null when a command is given.</summary>
    [Id(3)]
    public string? EntryScript { get; init; }

    /// <summary>
    /// The code bundle to run from (the id <c>POST /api/v1/bundles</c> answered), unpacked into the job's working
    /// folder before any process starts. Required with <see cref="EntryScript"/>; with <see cref="Command"/> the
    /// command runs in the unpacked folder.
    /// </summary>
    [Id(4)]
    public string? CodeBundleId { get; init; }

    /// <summary>Environment variables for every process; names starting JOBHUB_ or JULIAHUB_ are reserved.</summary>
    [Id(5)]
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Single process (default) or distributed.</summary>
    [Id(6)]
    public JobMode Mode { get; init; } = JobMode.SingleProcess;

    /// <summary>Required in distributed mode, must be null in single-process mode.</summary>
    [Id(7)]
    public DistributedSpec? Distributed { get; init; }

    /// <summary>Name of the node type (node pool) the processes run on.</summary>
    [Id(8)]
    public string NodeType { get; init; } = string.Empty;

    /// <summary>
    /// Explicit resources for each process; null means each process gets an equal share of a node
    /// (node size ÷ processes per node) and needs at least one vCPU.
    /// </summary>
    [Id(9)]
    public ProcessResources? ProcessResources { get; init; }

    /// <summary>Wall-clock limit from start to stop; default one hour; must be positive.</summary>
    [Id(10)]
    public TimeSpan TimeLimit { get; init; } = DefaultTimeLimit;

    /// <summary>Optional spending limit in dollars; null means none; must not be negative.</summary>
    [Id(11)]
    public decimal? CostLimit { get; init; }

    /// <summary>The project the job runs in (its secrets and datasets become reachable); null for none. The submitter must be a member.</summary>
    [Id(12)]
    public string? Project { get; init; }

    /// <summary>Datasets placed read-only in the job's working folder before any process starts, by name (<c>owner/name</c> for another user's public dataset).</summary>
    [Id(13)]
    public ImmutableArray<string> Datasets { get; init; } = [];

    /// <summary>What the job needs of a pool when <see cref="NodeType"/> is empty (or must also hold when it is given); null for none.</summary>
    [Id(14)]
    public PoolConstraints? Constraints { get; init; }

    /// <summary>
    /// Orders this job among its owner's own waiting jobs (higher first; −100 to 100, default 0). It never puts a job
    /// ahead of another user's: fair share decides between users.
    /// </summary>
    [Id(15)]
    public int Priority { get; init; }
}
