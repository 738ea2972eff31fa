namespace JobHub.Runtime.Tests.Grains;

public sealed class TickerGrain : Grain, ITickerGrain
{
    private readonly List<ITickObserver> _observers = [];
    private int _lastPoke;

    public Task Subscribe(ITickObserver observer)
    {
        _observers.Add(observer);
        return Task.CompletedTask;
    }

    public async Task Tick(int tick)
    {
        foreach (var observer in _observers)
        {
            await observer.OnTick(GetPrimaryKeyString(), tick);
        }
    }

    public Task Poke(int value)
    {
        _lastPoke = value;
        return Task.CompletedTask;
    }

    public Task<int> LastPoke() => Task.FromResult(_lastPoke);
}
