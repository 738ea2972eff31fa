using System.Collections.Concurrent;
using System.Reflection;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// Knows when the silo has nothing left to do at this virtual instant, so the driver may move time on: it counts grain
/// calls in flight (a request from its send to its answer, at the callee while it runs), one-way JobHub calls from their
/// send to the end of their run at the callee (only calls of JobHub's grain interfaces), and virtual timer ticks from
/// their firing to the end of their callback; and, the process's thread pool having one thread (<see cref="OnePoolThread"/>),
/// it sees whatever else a grain has queued to run (a continuation of a fire-and-forget task) on that pool.
/// </summary>
public sealed class QuiescenceTracker : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, CallKind> Kinds = new();
    private long _active;
    private long _ticksInTransit;
    private long _epoch;
    private readonly SortedDictionary<(string Key, long Sequence), TaskCompletionSource> _parked = new(Comparer<(string Key, long Sequence)>.Create((a, b) =>
    {
        var byKey = string.CompareOrdinal(a.Key, b.Key);
        return byKey != 0 ? byKey : a.Sequence.CompareTo(b.Sequence);
    }));

    private TaskCompletionSource _idle = NewIdle();
    private bool _parking = true;
    private long _parkSequence;

    /// <summary>The silo's view of the grain a thread runs for: Orleans' own calls (storage) count when a JobHub grain makes them.</summary>
    internal IGrainContextAccessor? Contexts { get; set; }

    /// <summary>Ticks given up on: their grain deactivated before they ran.</summary>
    public int DroppedTicks { get; private set; }

    /// <summary>Times the driver gave its turn to work queued on the pool (diagnostics).</summary>
    public long Yields { get; private set; }

    /// <summary>Times the driver waited a millisecond for counted work off the pool (diagnostics).</summary>
    public long OffPoolWaits { get; private set; }

    /// <summary>Times the driver waited a whole second with work counted but nothing changing.</summary>
    public int Stalls { get; private set; }

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kind = KindOf(context.InterfaceMethod);
        if (kind == CallKind.Other)
        {
            await context.Invoke();
            return;
        }

        if (kind == CallKind.Request)
        {
            Enter(); // a one-way call was counted at its send
        }
        else
        {
            // One-way calls fan out (a pool wakes its jobs, a node reports its exits): they run one at a time, in a
            // fixed order, each once the silo stands still. (Held at the callee: held at the sender, the request is
            // gone by the time it would leave.)
            await ParkAsync(KeyOf(context.TargetId, context.InterfaceMethod, context.Request));
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            Exit();
        }
    }

    /// <inheritdoc />
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kind = KindOf(context.InterfaceMethod);
        if (kind == CallKind.Other && !(Contexts?.GrainContext is { } caller && SimulationClock.IsJobHubGrain(caller)))
        {
            await context.Invoke();
            return;
        }

        Enter();
        if (kind == CallKind.OneWay)
        {
            await context.Invoke(); // its callee's filter ends it
            return;
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>The driver fires a grain's virtual timer.</summary>
    internal void TickFired()
    {
        Interlocked.Increment(ref _ticksInTransit);
        Enter();
    }

    /// <summary>
    /// A grain timer's callback starts (it stays counted until <see cref="Exit"/>). Either the driver fired it (counted
    /// since), or Orleans queued it at once (a timer armed for now, which never reaches the clock): counted from here.
    /// </summary>
    internal bool TickStarted()
    {
        var inTransit = Interlocked.Read(ref _ticksInTransit);
        while (inTransit > 0)
        {
            var seen = Interlocked.CompareExchange(ref _ticksInTransit, inTransit - 1, inTransit);
            if (seen == inTransit)
            {
                Interlocked.Increment(ref _epoch);
                return true;
            }

            inTransit = seen;
        }

        Enter();
        return false;
    }

    private static string KeyOf(GrainId target, MethodInfo? method, Orleans.Serialization.Invocation.IInvokable request)
    {
        var arguments = Enumerable.Range(0, request.GetArgumentCount()).Select(i => request.GetArgument(i)?.ToString());
        return $"{target}|{method?.Name}|{string.Join(",", arguments)}";
    }

    internal void Enter()
    {
        Interlocked.Increment(ref _active);
        Interlocked.Increment(ref _epoch);
    }

    internal void Exit()
    {
        Interlocked.Increment(ref _epoch);
        if (Interlocked.Decrement(ref _active) == 0)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until the silo stands still: nothing queued on the thread pool and nothing counted but what is held. The
    /// process's pool has one thread (<see cref="OnePoolThread"/>), so while the driver runs nothing else does: work
    /// queued on the pool is seen (<see cref="ThreadPool.PendingWorkItemCount"/>), and the driver lets it run first by
    /// yielding its turn. When the pool is empty and calls are held, the one with the least key goes on: whatever else is
    /// counted waits for a turn of a grain that a held call occupies. Counted work with nothing held waits on something
    /// off the pool (a real-time timer, another thread), and the driver waits for it; ticks whose grain deactivated
    /// before they could run (<paramref name="deactivatedTicks"/> says how many) are given up on after a second.
    /// </summary>
    public async Task WaitAsync(Func<int> deactivatedTicks, CancellationToken cancellationToken)
    {
        var stillSince = Environment.TickCount64;
        var lastEpoch = Interlocked.Read(ref _epoch);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ThreadPool.PendingWorkItemCount > 0)
            {
                Yields++;
                await Task.Yield();
                continue;
            }

            if (Interlocked.Read(ref _active) == 0)
            {
                return;
            }

            if (ReleaseLeast())
            {
                continue;
            }

            var idle = _idle;
            await Task.WhenAny(idle.Task, Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, cancellationToken));
            OffPoolWaits++;
            Interlocked.CompareExchange(ref _idle, NewIdle(), idle);
            var epoch = Interlocked.Read(ref _epoch);
            if (epoch != lastEpoch)
            {
                lastEpoch = epoch;
                stillSince = Environment.TickCount64;
            }
            else if (Environment.TickCount64 - stillSince > 1000 && ThreadPool.PendingWorkItemCount == 0)
            {
                GiveUpLostTicksOrStall(deactivatedTicks);
                stillSince = Environment.TickCount64;
            }
        }
    }

    /// <summary>Work counted and nothing moved for a second: ticks lost with their grain's deactivation, or a stall.</summary>
    private void GiveUpLostTicksOrStall(Func<int> deactivatedTicks)
    {
        var lost = Interlocked.Read(ref _ticksInTransit) > 0 ? deactivatedTicks() : 0;
        if (lost > 0)
        {
            DroppedTicks += lost;
            Interlocked.Add(ref _ticksInTransit, -lost);
            for (var i = 0; i < lost; i++)
            {
                Exit();
            }

            return;
        }

        Stalls++;
        if (Environment.GetEnvironmentVariable("JOBHUB_SIMULATOR_STEPS") == "1")
        {
            Console.Error.WriteLine($"  stalled: {Interlocked.Read(ref _active)} active, {Interlocked.Read(ref _ticksInTransit)} ticks in transit");
        }
    }

    /// <summary>
    /// Holds one-way JobHub calls and ticks that Orleans queued at once, so they run one at a time in key order once
    /// the rest of the silo stands still (<see cref="WaitAsync"/>). Off: everything runs as it comes (set before stopping
    /// the silo, which releases what is parked).
    /// </summary>
    public bool Parking
    {
        get => Volatile.Read(ref _parking);
        set
        {
            Volatile.Write(ref _parking, value);
            if (!value)
            {
                while (ReleaseLeast())
                {
                }
            }
        }
    }

    private int ParkedCount
    {
        get
        {
            lock (_parked)
            {
                return _parked.Count;
            }
        }
    }

    /// <summary>Parks the caller until its turn: the least key of what is parked when the silo stands still.</summary>
    internal Task ParkAsync(string key)
    {
        if (!Parking)
        {
            return Task.CompletedTask;
        }

        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_parked)
        {
            _parked.Add((key, ++_parkSequence), turn);
        }

        Interlocked.Increment(ref _epoch);
        _idle.TrySetResult(); // the driver decides what goes on next
        return turn.Task;
    }

    private bool ReleaseLeast()
    {
        TaskCompletionSource turn;
        lock (_parked)
        {
            if (_parked.Count == 0)
            {
                return false;
            }

            var least = _parked.First();
            _parked.Remove(least.Key);
            turn = least.Value;
        }

        Interlocked.Increment(ref _epoch);
        turn.TrySetResult();
        return true;
    }

    private static TaskCompletionSource NewIdle() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Calls of JobHub's grain interfaces are counted; Orleans' own calls (storage, directory, membership) only when a
    /// JobHub grain makes them (a pool's state write after a fire-and-forget autoscale); the rest run in real time beside
    /// the simulation.
    /// </summary>
    private static CallKind KindOf(MethodInfo? method) => method is null ? CallKind.Other : Kinds.GetOrAdd(method, m =>
        m.DeclaringType?.Namespace?.StartsWith("JobHub.", StringComparison.Ordinal) != true ? CallKind.Other
        : m.GetCustomAttribute<Orleans.Concurrency.OneWayAttribute>() is not null ? CallKind.OneWay
        : CallKind.Request);

    private enum CallKind
    {
        Other,
        Request,
        OneWay,
    }
}
