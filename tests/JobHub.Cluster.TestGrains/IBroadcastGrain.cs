using JobHub.Runtime;

namespace JobHub.Cluster.TestGrains;

/// <summary>Tells its subscribers (observers, e.g. on a cluster client) about every message it publishes.</summary>
public interface IBroadcastGrain : IGrainWithStringKey
{
    Task Subscribe(IBroadcastObserver observer);

    /// <summary>Notifies every subscriber; returns how many took the message.</summary>
    Task<int> Publish(long sequence);
}
