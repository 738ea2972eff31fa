using JobHub.Runtime.Core;

namespace JobHub.Runtime.Timers;

/// <summary>
/// A grain timer. The underlying <see cref="ITimer"/> only queues a tick; the callback runs as a turn
/// of the activation. A tick that is still queued or running makes the next one skip, so a slow
/// callback never piles up ticks.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationTokenSource _stopped = new();
    private readonly ITimer _timer;
    private int _tickInFlight;

    public GrainTimer(Activation activation, Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        _activation = activation;
        _callback = callback;
        Options = options;
        activation.AddTimer(this);
        _timer = activation.Catalog.Time.CreateTimer(static s => ((GrainTimer)s!).OnTimer(), this, options.DueTime, options.Period);
    }

    public GrainTimerOptions Options { get; }

    public void Change(TimeSpan dueTime, TimeSpan period) => _timer.Change(dueTime, period);

    public void Dispose()
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        _stopped.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    internal Task InvokeAsync()
    {
        if (Options.KeepAlive)
        {
            _activation.MarkActive();
        }

        return _stopped.IsCancellationRequested ? Task.CompletedTask : _callback(_stopped.Token);
    }

    internal void TickCompleted() => Volatile.Write(ref _tickInFlight, 0);

    private void OnTimer()
    {
        if (_stopped.IsCancellationRequested || Interlocked.Exchange(ref _tickInFlight, 1) == 1)
        {
            return;
        }

        _activation.Enqueue(new TimerTick(this));
    }
}
