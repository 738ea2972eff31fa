using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Jobs;

/// <summary>The persisted state of a worker grain.</summary>
internal sealed class WorkerGrainState
{
    public WorkerLaunch? Launch { get; set; }

    public WorkerStatus Status { get; set; }

    public string Reason { get; set; } = "not placed yet";

    public int? Pid { get; set; }

    public int? ExitCode { get; set; }

    public int Restarts { get; set; }

    public int Attempt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset Since { get; set; }

    public long Version { get; set; }

    public bool StopRequested { get; set; }

    /// <summary>The node did not answer the start of <see cref="Attempt"/>: it may still start (or run) that process.</summary>
    public bool StartInDoubt { get; set; }
}
