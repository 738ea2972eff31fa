using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using Orleans;

namespace JobHub.Grains.Jobs;

/// <summary>The persisted state of a worker grain.</summary>
[GenerateSerializer]
[Alias("jobhub.WorkerGrainState")]
internal sealed class WorkerGrainState
{
    [Id(0)]
    public WorkerLaunch? Launch { get; set; }

    [Id(1)]
    public WorkerStatus Status { get; set; }

    [Id(2)]
    public string Reason { get; set; } = "not placed yet";

    [Id(3)]
    public int? Pid { get; set; }

    [Id(4)]
    public int? ExitCode { get; set; }

    [Id(5)]
    public int Restarts { get; set; }

    [Id(6)]
    public int Attempt { get; set; }

    [Id(7)]
    public DateTimeOffset? StartedAt { get; set; }

    [Id(8)]
    public DateTimeOffset Since { get; set; }

    [Id(9)]
    public long Version { get; set; }

    [Id(10)]
    public bool StopRequested { get; set; }

    /// <summary>The node did not answer the start of <see cref="Attempt"/>: it may still start (or run) that process.</summary>
    [Id(11)]
    public bool StartInDoubt { get; set; }

    /// <summary>The generation of the slot's current process (0 for its first; the process autoscaler counts it up each time it re-uses the slot).</summary>
    [Id(12)]
    public int Generation { get; set; }

    /// <summary>
    /// The node this elastic worker was lost with (its pool removed the node): its job places it again elsewhere
    /// (<c>IWorkerGrain.Relocate</c>), which does not count as a restart. Null otherwise.
    /// </summary>
    [Id(13)]
    public string? LostWithNode { get; set; }

    /// <summary>The start of the run whose process said it is idle; the flag holds for that run only (null: busy).</summary>
    [Id(14)]
    public DateTimeOffset? IdleRunStartedAt { get; set; }
}
