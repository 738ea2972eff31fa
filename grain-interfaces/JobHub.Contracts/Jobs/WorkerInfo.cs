using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>One process of a job (the master is index 0).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.WorkerInfo")]
public sealed record WorkerInfo
{
    /// <summary>The job.</summary>
    [Id(0)]
    public required string JobId { get; init; }

    /// <summary>0 for the master, 1..N for workers.</summary>
    [Id(1)]
    public required int Index { get; init; }

    /// <summary>Master or worker.</summary>
    public WorkerRole Role => Index == 0 ? WorkerRole.Master : WorkerRole.Worker;

    /// <summary>Where it is in its life.</summary>
    [Id(2)]
    public required WorkerStatus Status { get; init; }

    /// <summary>Why it is in that status.</summary>
    [Id(3)]
    public required string Reason { get; init; }

    /// <summary>The node it is placed on; null while pending.</summary>
    [Id(4)]
    public string? NodeId { get; init; }

    /// <summary>The OS process id while running (and after, for the record).</summary>
    [Id(5)]
    public int? Pid { get; init; }

    /// <summary>The exit code of its last process, once exited.</summary>
    [Id(6)]
    public int? ExitCode { get; init; }

    /// <summary>How often it was restarted (elastic pools only).</summary>
    [Id(7)]
    public int Restarts { get; init; }

    /// <summary>When its current process started running; null before.</summary>
    [Id(8)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the status last changed.</summary>
    [Id(9)]
    public required DateTimeOffset Since { get; init; }

    /// <summary>Grows with every change, so a receiver can ignore an older snapshot that arrives late.</summary>
    [Id(10)]
    public long Version { get; init; }

    /// <summary>
    /// True while its running process says it is idle (waiting for work; <c>jobhub worker idle</c>, until
    /// <c>jobhub worker busy</c> or its next run): a process autoscaler that shrinks the job stops idle workers first.
    /// </summary>
    [Id(11)]
    public bool Idle { get; init; }
}
