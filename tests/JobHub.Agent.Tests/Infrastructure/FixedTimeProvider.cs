namespace JobHub.Agent.Tests.Infrastructure;

/// <summary>A clock that always reads the same time; timers stay real.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
