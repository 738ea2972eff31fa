using JobHub.Runtime;

namespace JobHub.Cluster.TestGrains;

public sealed class BroadcastGrain : Grain, IBroadcastGrain
{
    private readonly ObserverManager<IBroadcastObserver> _observers = new();

    public Task Subscribe(IBroadcastObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task<int> Publish(long sequence)
    {
        var key = GetPrimaryKeyString();
        return _observers.NotifyAsync(o => o.OnMessage(key, sequence));
    }
}
