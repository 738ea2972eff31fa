namespace JobHub.Runtime;

/// <summary>How a grain timer fires.</summary>
public sealed record GrainTimerOptions
{
    /// <summary>Time until the first tick.</summary>
    public required TimeSpan DueTime { get; init; }

    /// <summary>Time between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>When true the tick may interleave with requests; by default it waits its turn like a request.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true a tick counts as activity and keeps the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
