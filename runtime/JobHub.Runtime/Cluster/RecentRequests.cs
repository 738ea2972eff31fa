using System.Collections.Concurrent;

namespace JobHub.Runtime.Cluster;

/// <summary>
/// Requests received in the last <see cref="Window"/>, by sender and request id: a duplicate delivery
/// of a request gets the first one's answer instead of running again. Callers re-send only calls that
/// never ran (refused, or the owner unreachable), so the window is short: it covers requests in flight
/// plus a few seconds, which keeps memory bounded at high call rates.
/// </summary>
internal sealed class RecentRequests(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Sender, long RequestId), (Lazy<Task<ReadOnlyMemory<byte>>> Answer, long At)> _seen = new();
    private long _lastSweep;

    /// <summary>The answer of an earlier delivery of this request, or the new one from <paramref name="run"/>.</summary>
    public Task<ReadOnlyMemory<byte>> GetOrRun(string sender, long requestId, Func<Task<ReadOnlyMemory<byte>>> run)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        // Lazy: GetOrAdd may build two values in a race, but only the stored one ever runs.
        return _seen.GetOrAdd((sender, requestId), static (_, state) => (new Lazy<Task<ReadOnlyMemory<byte>>>(state.run), state.now), (run, now)).Answer.Value;
    }

    public int Count => _seen.Count;

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _seen)
        {
            // Keep unanswered requests whatever their age: a duplicate of one still running must wait for it.
            if (time.GetElapsedTime(entry.At, now) > Window && entry.Answer.IsValueCreated && entry.Answer.Value.IsCompleted)
            {
                _seen.TryRemove(key, out _);
            }
        }
    }
}
