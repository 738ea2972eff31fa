using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>
/// Makes the node provider of one pool (a pool names its provider in <see cref="NodePoolOptions.Provider"/>);
/// registered by name in the silo's services, so another provider (Kubernetes, a cloud) is one more registration.
/// </summary>
public interface INodeProviderFactory
{
    /// <summary>The provider's name, as pools name it.</summary>
    string Name { get; }

    /// <summary>A provider for <paramref name="pool"/> whose timers run on <paramref name="time"/> (its host's clock and context).</summary>
    INodeProvider Create(PoolSpec pool, TimeProvider time);
}
