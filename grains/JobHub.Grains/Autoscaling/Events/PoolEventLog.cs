namespace JobHub.Grains.Autoscaling.Events;

/// <summary>The last events of each pool, oldest dropped first once a pool holds its capacity.</summary>
public sealed class PoolEventLog
{
    private readonly Dictionary<string, Queue<PoolEvent>> _byPool = new(StringComparer.Ordinal);

    /// <summary>Keeps at most <paramref name="perPool"/> events per pool.</summary>
    public PoolEventLog(int perPool)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perPool, 1);
        PerPool = perPool;
    }

    /// <summary>Events kept per pool.</summary>
    public int PerPool { get; }

    /// <summary>Events recorded since the start, dropped ones included.</summary>
    public long Total { get; private set; }

    /// <summary>Records an event.</summary>
    public void Add(PoolEvent poolEvent)
    {
        ArgumentNullException.ThrowIfNull(poolEvent);
        if (!_byPool.TryGetValue(poolEvent.Pool, out var events))
        {
            events = new Queue<PoolEvent>();
            _byPool.Add(poolEvent.Pool, events);
        }

        if (events.Count == PerPool)
        {
            events.Dequeue();
        }

        events.Enqueue(poolEvent);
        Total++;
    }

    /// <summary>A pool's kept events, oldest first.</summary>
    public IReadOnlyList<PoolEvent> Of(string pool) => _byPool.TryGetValue(pool, out var events) ? [.. events] : [];
}
