using System.Collections.Concurrent;

namespace JobHub.Grains.Logs;

/// <summary>Wakes followers of a job's log when lines are appended in this process.</summary>
internal sealed class LogAppendSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next append to <paramref name="jobId"/>.</summary>
    public Task NextAppend(string jobId) =>
        _waiters.GetOrAdd(jobId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes every follower (each reads again): after appends may have been missed, e.g. while not listening.</summary>
    public void PulseAll()
    {
        foreach (var jobId in _waiters.Keys)
        {
            Pulse(jobId);
        }
    }

    public void Pulse(string jobId)
    {
        if (_waiters.TryRemove(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
