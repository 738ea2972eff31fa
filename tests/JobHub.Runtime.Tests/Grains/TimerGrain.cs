namespace JobHub.Runtime.Tests.Grains;

public sealed class TimerGrain(LifecycleLog log) : Grain, ITimerGrain
{
    private int _ticks;
    private int _overlaps;
    private bool _inTick;

    public Task Start(TimeSpan period)
    {
        RegisterGrainTimer(OnTick, period, period);
        return Task.CompletedTask;
    }

    public Task<int> Ticks()
    {
        if (_inTick)
        {
            _overlaps++;
        }

        return Task.FromResult(_ticks);
    }

    public Task<int> Overlaps() => Task.FromResult(_overlaps);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task OnTick(CancellationToken cancellationToken)
    {
        _inTick = true;
        await Task.Yield();
        _ticks++;
        log.Events.Enqueue($"tick:{GetPrimaryKeyString()}");
        _inTick = false;
    }
}
