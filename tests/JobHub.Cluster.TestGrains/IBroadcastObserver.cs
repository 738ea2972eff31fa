using JobHub.Runtime;

namespace JobHub.Cluster.TestGrains;

/// <summary>A client-side object told about each message a <see cref="IBroadcastGrain"/> publishes.</summary>
public interface IBroadcastObserver : IGrainObserver
{
    Task OnMessage(string grainKey, long sequence);
}
