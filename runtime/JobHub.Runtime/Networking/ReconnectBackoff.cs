namespace JobHub.Runtime.Networking;

/// <summary>Exponential backoff between connection attempts: initial, doubled per failure, capped; reset on success.</summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max;
        _next = initial;
    }

    /// <summary>The wait after this failure; the following failure waits twice as long (up to the cap).</summary>
    public TimeSpan NextDelay()
    {
        var delay = _next;
        _next = _next.Ticks >= _max.Ticks / 2 ? _max : _next * 2;
        return delay;
    }

    public void Reset() => _next = _initial;
}
