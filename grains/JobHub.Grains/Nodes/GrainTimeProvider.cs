using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A clock whose timers are grain timers of <paramref name="grain"/>: a node provider's "node is up" callback then runs
/// in the grain's turn, where the scheduler it changes lives (the scheduler is single-threaded). Time itself comes
/// from <paramref name="inner"/>.
/// </summary>
internal sealed class GrainTimeProvider(TimeProvider inner, IGrainBase grain) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => inner.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = grain.RegisterGrainTimer(
            () =>
            {
                callback(state);
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(dueTime, period) { KeepAlive = true });
        return new Timer(timer);
    }

    private sealed class Timer(IGrainTimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            timer.Change(dueTime, period);
            return true;
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync()
        {
            timer.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
