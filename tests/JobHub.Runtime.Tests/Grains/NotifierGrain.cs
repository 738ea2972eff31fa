namespace JobHub.Runtime.Tests.Grains;

public sealed class NotifierGrain : Grain, INotifierGrain
{
    private readonly ObserverManager<IStatusObserver> _observers = new();

    public Task Subscribe(IStatusObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task<int> Notify(string status) => _observers.NotifyAsync(o => o.OnStatus(status));

    public Task<int> SubscriberCount() => Task.FromResult(_observers.Count);
}
