using JobHub.Agent.Processes;

namespace JobHub.Grains.Logs;

/// <summary>
/// The durable log of every job: lines of all its processes in the order they were appended, each
/// numbered from 1. Readable while the job runs (range, tail, follow) and after it ended.
/// </summary>
public interface IJobLogStore
{
    /// <summary>Appends lines to the job's log as one batch (all or none).</summary>
    Task AppendAsync(string jobId, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> lines after sequence <paramref name="afterSequence"/> (0 = from the start).</summary>
    Task<IReadOnlyList<JobLogEntry>> ReadAsync(string jobId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="count"/> lines, oldest first.</summary>
    Task<IReadOnlyList<JobLogEntry>> TailAsync(string jobId, int count, CancellationToken cancellationToken = default);

    /// <summary>Every line after <paramref name="afterSequence"/>, then new ones as they are appended, until cancelled.</summary>
    IAsyncEnumerable<JobLogEntry> FollowAsync(string jobId, long afterSequence, CancellationToken cancellationToken = default);
}
