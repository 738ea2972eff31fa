using System.Globalization;

namespace JobHub.Agent.Processes;

/// <summary>Which process of which job a process (and each of its log lines) belongs to.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Role">Master or worker.</param>
/// <param name="WorkerIndex">0 for the master, 1..N for workers.</param>
public sealed record ProcessLabel(string JobId, ProcessRole Role, int WorkerIndex)
{
    /// <summary>The label of a job's master.</summary>
    public static ProcessLabel Master(string jobId) => new(jobId, ProcessRole.Master, 0);

    /// <summary>The label of a job's worker <paramref name="index"/> (1-based).</summary>
    public static ProcessLabel Worker(string jobId, int index) => new(jobId, ProcessRole.Worker, index);

    /// <summary><c>job-1/master</c> or <c>job-1/worker-3</c>.</summary>
    public override string ToString() => Role == ProcessRole.Master
        ? $"{JobId}/master"
        : string.Create(CultureInfo.InvariantCulture, $"{JobId}/worker-{WorkerIndex}");
}
