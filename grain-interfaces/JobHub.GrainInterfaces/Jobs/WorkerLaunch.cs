using System.Collections.Immutable;
using JobHub.GrainInterfaces.Datasets;
using Orleans;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>What a job tells one of its workers to run, and where.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.WorkerLaunch")]
public sealed record WorkerLaunch
{
    /// <summary>The job.</summary>
    [Id(0)]
    public required string JobId { get; init; }

    /// <summary>0 for the master, 1..N for workers.</summary>
    [Id(1)]
    public required int Index { get; init; }

    /// <summary>The node reserved for this process.</summary>
    [Id(2)]
    public required string NodeId { get; init; }

    /// <summary>The executable (for an entry script: the script path relative to the working folder).</summary>
    [Id(3)]
    public required string Command { get; init; }

    /// <summary>True when <see cref="Command"/> is an entry script path relative to the job's working folder (the unpacked code bundle).</summary>
    [Id(4)]
    public bool CommandIsEntryScript { get; init; }

    /// <summary>The job's code bundle, unpacked into the job's working folder on the node before the process starts; null for none.</summary>
    [Id(5)]
    public string? CodeBundleId { get; init; }

    /// <summary>argv[1..].</summary>
    [Id(6)]
    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>The user's environment variables (the node adds the JOBHUB_* and JULIAHUB_* ones).</summary>
    [Id(7)]
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Number of workers of the job (total processes − 1).</summary>
    [Id(8)]
    public int WorkerCount { get; init; }

    /// <summary>True for an elastic pool: a failed or lost worker is restarted.</summary>
    [Id(9)]
    public bool Elastic { get; init; }

    /// <summary>Workers a fixed pool's master waits for.</summary>
    [Id(10)]
    public int MinWorkersRequired { get; init; }

    /// <summary>Shared secret of the job's processes.</summary>
    [Id(11)]
    public required string ClusterCookie { get; init; }

    /// <summary>Bearer token scoped to the job.</summary>
    [Id(12)]
    public required string JobToken { get; init; }

    /// <summary>The datasets the job names, pinned at submit, placed read-only under <c>datasets/</c> in the working folder before the process starts.</summary>
    [Id(13)]
    public ImmutableArray<DatasetPin> Datasets { get; init; } = [];
}
