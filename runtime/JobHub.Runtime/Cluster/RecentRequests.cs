using System.Collections.Concurrent;
using JobHub.Runtime.Networking;

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

    // Striped well beyond the core count: every inbound request adds an entry, from many threads at once.
    private readonly ConcurrentDictionary<(PeerIdentity Sender, long RequestId), (Task<ReadOnlyMemory<byte>> Answer, long At)> _seen = new(concurrencyLevel: 64, capacity: 4096);
    private long _lastSweep;

    public int Count => _seen.Count;

    /// <summary>
    /// Records <paramref name="answer"/> as the answer of this request and returns it, or returns the answer
    /// of an earlier delivery of the same request. The caller runs the request only when it gets its own
    /// <paramref name="answer"/> back (compare by reference), so a duplicate never runs twice.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> FirstAnswer(PeerIdentity sender, long requestId, Task<ReadOnlyMemory<byte>> answer)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        return _seen.GetOrAdd((sender, requestId), (answer, now)).Answer;
    }

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
            if (time.GetElapsedTime(entry.At, now) > Window && entry.Answer.IsCompleted)
            {
                _seen.TryRemove(key, out _);
            }
        }
    }
}
