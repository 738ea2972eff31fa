using JobHub.Runtime;

namespace JobHub.Cluster.TestGrains;

/// <summary>A counter whose every increment is written before it is acknowledged.</summary>
public interface IDurableCounterGrain : IGrainWithStringKey
{
    Task<long> Increment();

    Task<long> Get();
}
