using JobHub.Agent.Processes;

namespace JobHub.Grains.Logs;

/// <summary>Keeps job logs in memory: for tests and throw-away silos (lost with the process).</summary>
public sealed class InMemoryJobLogStore : IJobLogStore
{
    private readonly Dictionary<string, List<JobLogEntry>> _logs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly LogAppendSignal _signal = new();
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store.</summary>
    public InMemoryJobLogStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <inheritdoc />
    public Task AppendAsync(string jobId, IReadOnlyList<LogLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(lines);
        lock (_lock)
        {
            if (!_logs.TryGetValue(jobId, out var log))
            {
                _logs[jobId] = log = [];
            }

            foreach (var line in lines)
            {
                log.Add(new JobLogEntry(log.Count + 1, line.Time, line.Process.ToString(), line.Process.WorkerIndex, line.Stream, line.Text, line.IsContinuation));
            }
        }

        _signal.Pulse(jobId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobLogEntry>> ReadAsync(string jobId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_lock)
        {
            IReadOnlyList<JobLogEntry> result = _logs.TryGetValue(jobId, out var log) && afterSequence < log.Count
                ? log.GetRange((int)afterSequence, (int)Math.Min(limit, log.Count - afterSequence))
                : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobLogEntry>> TailAsync(string jobId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            IReadOnlyList<JobLogEntry> result = _logs.TryGetValue(jobId, out var log)
                ? log.GetRange(Math.Max(0, log.Count - count), Math.Min(count, log.Count))
                : [];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JobLogEntry> FollowAsync(string jobId, long afterSequence, CancellationToken cancellationToken = default) =>
        JobLogFollower.FollowAsync(this, _signal, _time, TimeSpan.FromSeconds(1), jobId, afterSequence, cancellationToken);
}
