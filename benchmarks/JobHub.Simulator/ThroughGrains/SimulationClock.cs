using Orleans.Runtime;

namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// The virtual clock of a simulation through the grains: the silo's <see cref="TimeProvider"/> and the clock of every
/// JobHub grain timer (<see cref="SimulationTimerRegistry"/>). Time moves only when the driver fires the next timer
/// (<see cref="TryFireNext"/>) or moves it to an arrival (<see cref="AdvanceTo"/>). Thread-safe: grains read it and arm
/// timers from Orleans' threads while the driver waits for them.
/// </summary>
/// <remarks>
/// Timers due at the same instant fire in the order (owner, the owner's own arming order), never in the order threads
/// happened to arm them: a grain's timers are armed in its turns, one at a time, so that order repeats, while two
/// grains arming at once would not.
/// </remarks>
public sealed class SimulationClock : TimeProvider
{
    [ThreadStatic]
    private static IGrainContext? t_owner;

    private readonly Lock _gate = new();
    private readonly PriorityQueue<VirtualTimer, (long Due, string Owner, long Sequence)> _timers = new();
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private long _nowTicks;

    /// <summary>A clock that starts at <paramref name="start"/>.</summary>
    public SimulationClock(DateTimeOffset start) => _nowTicks = start.UtcTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _nowTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => Interlocked.Read(ref _nowTicks);

    /// <summary>When the next armed timer is due; null when none is.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                return PeekArmed() is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
            }
        }
    }

    /// <summary>Armed timers (for diagnostics).</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.UnorderedItems.Count(t => t.Element.IsArmedFor(t.Priority.Due));
            }
        }
    }

    /// <summary>The silo's view of the grain a thread runs for (a timer a JobHub grain arms by itself is virtual too).</summary>
    internal IGrainContextAccessor? Contexts { get; set; }

    /// <summary>Marks the grain whose timer the current thread creates (set by <see cref="SimulationTimerRegistry"/>).</summary>
    internal static IGrainContext? Owner
    {
        get => t_owner;
        set => t_owner = value;
    }

    /// <summary>Moves time forward to <paramref name="time"/> (never back). Only between the driver's steps.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        lock (_gate)
        {
            if (time.UtcTicks > _nowTicks)
            {
                Interlocked.Exchange(ref _nowTicks, time.UtcTicks);
            }
        }
    }

    /// <summary>
    /// Fires the earliest armed timer due by <paramref name="limit"/>, moving time to its due time; false when none is.
    /// <paramref name="beforeFiring"/> hears the grain it belongs to and whether it is a grain timer's (an Orleans tick
    /// message follows) and may cancel it (false).
    /// </summary>
    public bool TryFireNext(DateTimeOffset limit, Func<IGrainContext, bool, bool> beforeFiring)
    {
        VirtualTimer timer;
        lock (_gate)
        {
            if (PeekArmed() is not { } due || due > limit.UtcTicks)
            {
                return false;
            }

            timer = _timers.Dequeue();
            timer.Disarm();
            Interlocked.Exchange(ref _nowTicks, Math.Max(_nowTicks, due));
        }

        if (beforeFiring(timer.Owner, timer.IsGrainTimer))
        {
            timer.Fire();
        }

        return true;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var owner = t_owner ?? (Contexts?.GrainContext is { } current && IsJobHubGrain(current) ? current : null);
        if (owner is null)
        {
            // Orleans' own machinery (and anything else outside JobHub's grains) keeps real time.
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new VirtualTimer(this, callback, state, owner, owner.GrainId.ToString());
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>True for an activation of one of JobHub's grains (or the simulator's node grain).</summary>
    internal static bool IsJobHubGrain(IGrainContext context) =>
        context.GrainInstance?.GetType().Namespace?.StartsWith("JobHub.", StringComparison.Ordinal) == true;

    private long? PeekArmed()
    {
        while (_timers.TryPeek(out var timer, out var key))
        {
            if (timer.IsArmedFor(key.Due))
            {
                return key.Due;
            }

            _timers.Dequeue();
        }

        return null;
    }

    private void Arm(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            timer.Period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.Disarm();
                return;
            }

            var due = _nowTicks + Math.Max(0, dueTime.Ticks);
            timer.ArmFor(due);
            var sequence = _sequences.GetValueOrDefault(timer.OwnerKey) + 1;
            _sequences[timer.OwnerKey] = sequence;
            _timers.Enqueue(timer, (due, timer.OwnerKey, sequence));
        }
    }

    private sealed class VirtualTimer(SimulationClock clock, TimerCallback callback, object? state, IGrainContext owner, string ownerKey) : ITimer
    {
        private long _due = -1;

        public IGrainContext Owner { get; } = owner;

        /// <summary>Orleans' grain timer arms its clock with itself as the state; anything else is a plain timer (a delay).</summary>
        public bool IsGrainTimer => state is IGrainTimer;

        public string OwnerKey { get; } = ownerKey;

        public TimeSpan Period { get; set; } = Timeout.InfiniteTimeSpan;

        public bool IsArmedFor(long due) => Volatile.Read(ref _due) == due;

        public void ArmFor(long due) => Volatile.Write(ref _due, due);

        public void Disarm() => Volatile.Write(ref _due, -1);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Arm(this, dueTime, period);
            return true;
        }

        public void Fire()
        {
            if (Period > TimeSpan.Zero && Period != Timeout.InfiniteTimeSpan)
            {
                clock.Arm(this, Period, Period);
            }

            callback(state);
        }

        public void Dispose() => Disarm();

        public ValueTask DisposeAsync()
        {
            Disarm();
            return ValueTask.CompletedTask;
        }
    }
}
