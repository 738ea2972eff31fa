using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>
/// Makes <see cref="SimulatedNodeProvider"/>s (a simulation: no machine starts; processes placed on its nodes run on
/// this host like a local node's) with the default simulated cloud, for trying the autoscaler without a cloud.
/// </summary>
public sealed class SimulatedNodeProviderFactory : INodeProviderFactory
{
    /// <inheritdoc />
    public string Name => "simulated";

    /// <inheritdoc />
    public INodeProvider Create(PoolSpec pool, TimeProvider time) => new SimulatedNodeProvider(new SimulatedNodeProviderOptions(), time);
}
