namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>
/// A simulation clock: time moves only when <see cref="AdvanceTo"/> is called, and timers fire in due order at their
/// due times, on the caller's thread. Deterministic; for the simulator (and tests) with the simulated provider.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly PriorityQueue<VirtualTimer, (long Due, long Sequence)> _timers = new();
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public VirtualTimeProvider(DateTimeOffset start) => _now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => _now.UtcTicks;

    /// <summary>When the next live timer fires; null when none is armed.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            while (_timers.TryPeek(out var timer, out var key))
            {
                if (timer.IsArmedFor(key.Due))
                {
                    return new DateTimeOffset(key.Due, TimeSpan.Zero);
                }

                _timers.Dequeue();
            }

            return null;
        }
    }

    /// <summary>Moves time to <paramref name="time"/>, firing every timer due by then in order (each at its own due time).</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        while (_timers.TryPeek(out var timer, out var key) && key.Due <= time.UtcTicks)
        {
            _timers.Dequeue();
            if (!timer.IsArmedFor(key.Due))
            {
                continue;
            }

            _now = new DateTimeOffset(key.Due, TimeSpan.Zero);
            timer.Fire();
        }

        if (time > _now)
        {
            _now = time;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Arm(VirtualTimer timer, long due) => _timers.Enqueue(timer, (due, ++_sequence));

    private sealed class VirtualTimer(VirtualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private long _due = -1;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool IsArmedFor(long due) => _due == due;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _due = -1;
                return true;
            }

            _due = clock._now.UtcTicks + Math.Max(0, dueTime.Ticks);
            clock.Arm(this, _due);
            return true;
        }

        public void Fire()
        {
            _due = -1;
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                Change(_period, _period);
            }

            callback(state);
        }

        public void Dispose() => _due = -1;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
