namespace JobHub.Runtime.Tests.Grains;

public interface INotifierGrain : IGrainWithStringKey
{
    Task Subscribe(IStatusObserver observer);

    Task<int> Notify(string status);

    Task<int> SubscriberCount();
}
