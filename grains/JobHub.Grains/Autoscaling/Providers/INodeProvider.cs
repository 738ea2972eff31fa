using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>
/// Starts and stops a pool's nodes (a cloud API, a Kubernetes cluster, this host). Starting returns at once; the node
/// reports <see cref="NodeProviderEventKind.Up"/>, <see cref="NodeProviderEventKind.Failed"/> or
/// <see cref="NodeProviderEventKind.Interrupted"/> later through <see cref="NodeChanged"/>.
/// </summary>
public interface INodeProvider
{
    /// <summary>The name pools select the provider by (<c>simulated</c>, <c>local</c>).</summary>
    string Name { get; }

    /// <summary>Raised when a node comes up, fails or is taken back.</summary>
    event EventHandler<NodeProviderEvent>? NodeChanged;

    /// <summary>Asks for one node of <paramref name="pool"/>'s type.</summary>
    ValueTask<NodeStart> StartNodeAsync(PoolSpec pool, CancellationToken cancellationToken);

    /// <summary>Stops (and stops paying for) a node; stopping an unknown or stopped node does nothing.</summary>
    ValueTask StopNodeAsync(string nodeId, CancellationToken cancellationToken);
}
