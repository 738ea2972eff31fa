using Orleans.Runtime;
using Orleans.Timers;

namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// Orleans' own timer registry, twice: JobHub's grains get timers on the <see cref="SimulationClock"/> (so a pool's
/// autoscaler tick, a node's boot, a process's end happen at virtual times, in the grain's turn as always), Orleans'
/// system targets keep real-time ones. Each virtual tick is counted by the <see cref="QuiescenceTracker"/> while it runs.
/// </summary>
internal sealed class SimulationTimerRegistry(ITimerRegistry simulated, ITimerRegistry real, QuiescenceTracker tracker) : ITimerRegistry
{
    /// <inheritdoc />
    public IGrainTimer RegisterGrainTimer<TState>(IGrainContext grainContext, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(grainContext);
        if (!SimulationClock.IsJobHubGrain(grainContext))
        {
            return real.RegisterGrainTimer(grainContext, callback, state, options);
        }

        SimulationClock.Owner = grainContext;
        try
        {
            return simulated.RegisterGrainTimer(grainContext, Tracked(grainContext, callback), state, options);
        }
        finally
        {
            SimulationClock.Owner = null;
        }
    }

    /// <inheritdoc />
    [Obsolete("Orleans' own obsolete overload; JobHub registers grain timers with RegisterGrainTimer.")]
    public IDisposable RegisterTimer(IGrainContext grainContext, Func<object?, Task> asyncCallback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(grainContext);
        if (!SimulationClock.IsJobHubGrain(grainContext))
        {
            return real.RegisterTimer(grainContext, asyncCallback, state, dueTime, period);
        }

        SimulationClock.Owner = grainContext;
        try
        {
            return simulated.RegisterTimer(grainContext, s => Tracked<object?>(grainContext, (x, _) => asyncCallback(x))(s, CancellationToken.None), state, dueTime, period);
        }
        finally
        {
            SimulationClock.Owner = null;
        }
    }

    private Func<TState, CancellationToken, Task> Tracked<TState>(IGrainContext grain, Func<TState, CancellationToken, Task> callback) => async (state, cancellationToken) =>
    {
        if (!tracker.TickStarted())
        {
            // A tick Orleans queued at once (armed for now): parked like a one-way call, then run in its turn.
            await tracker.ParkAsync($"{grain.GrainId}|tick|{callback.Method.Name}");
        }

        try
        {
            await callback(state, cancellationToken);
        }
        finally
        {
            tracker.Exit();
        }
    };
}
