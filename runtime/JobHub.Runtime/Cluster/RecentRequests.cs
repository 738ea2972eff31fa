using JobHub.Runtime.Networking;

namespace JobHub.Runtime.Cluster;

/// <summary>
/// Requests received lately, by sender and request id: a duplicate delivery of a request gets the first
/// one's answer instead of running again. Callers re-send only calls that never ran (refused, or the
/// owner unreachable), so the window is short: an answered request is forgotten between one and two
/// <see cref="Window"/>s after it arrived; one still running is kept until it is answered.
/// </summary>
/// <remarks>
/// Two generations of plain dictionaries under one lock: adding is a lookup and an insert (each inbound
/// connection's read loop is the only caller for its requests, so the lock is rarely contended), and
/// forgetting is clearing a whole generation once per window instead of sweeping entry by entry. A generation
/// that fills up (<see cref="DefaultMaxPerGeneration"/>) is rotated early, so memory stays bounded at any call
/// rate: at 200k calls/s the window then shrinks to about 2.5 s, still longer than the re-send backoff.
/// </remarks>
internal sealed class RecentRequests(TimeProvider time, int maxPerGeneration = RecentRequests.DefaultMaxPerGeneration)
{
    public const int DefaultMaxPerGeneration = 500_000;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Dictionary<(PeerIdentity Sender, long RequestId), Task<ReadOnlyMemory<byte>>> _current = [];
    private Dictionary<(PeerIdentity Sender, long RequestId), Task<ReadOnlyMemory<byte>>> _previous = [];
    private readonly List<KeyValuePair<(PeerIdentity Sender, long RequestId), Task<ReadOnlyMemory<byte>>>> _stillRunning = [];
    private long _currentSince = time.GetTimestamp();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    /// <summary>
    /// Records <paramref name="answer"/> as the answer of this request and returns it, or returns the answer
    /// of an earlier delivery of the same request. The caller runs the request only when it gets its own
    /// <paramref name="answer"/> back (compare by reference), so a duplicate never runs twice.
    /// </summary>
    public Task<ReadOnlyMemory<byte>> FirstAnswer(PeerIdentity sender, long requestId, Task<ReadOnlyMemory<byte>> answer)
    {
        var key = (sender, requestId);
        lock (_gate)
        {
            RotateIfDue();
            if (_current.TryGetValue(key, out var first) || _previous.TryGetValue(key, out first))
            {
                return first;
            }

            _current.Add(key, answer);
            return answer;
        }
    }

    private void RotateIfDue()
    {
        var now = time.GetTimestamp();
        var age = time.GetElapsedTime(_currentSince, now);
        if (age < Window && _current.Count < maxPerGeneration)
        {
            return;
        }

        // Everything in the previous generation arrived over a window ago (and, after a long quiet spell,
        // so did everything in the current one): keep only requests still running. The dictionaries are
        // cleared and reused, not replaced: at high call rates they are large, and new ones would be
        // allocated on the large object heap every window.
        _stillRunning.Clear();
        KeepRunning(_previous);
        _previous.Clear();
        if (age >= Window * 2)
        {
            KeepRunning(_current);
            _current.Clear();
        }
        else
        {
            (_previous, _current) = (_current, _previous);
        }

        foreach (var (key, answer) in _stillRunning)
        {
            _current[key] = answer;
        }

        _stillRunning.Clear();
        _currentSince = now;
    }

    private void KeepRunning(Dictionary<(PeerIdentity Sender, long RequestId), Task<ReadOnlyMemory<byte>>> generation)
    {
        foreach (var entry in generation)
        {
            if (!entry.Value.IsCompleted)
            {
                _stillRunning.Add(entry);
            }
        }
    }
}
