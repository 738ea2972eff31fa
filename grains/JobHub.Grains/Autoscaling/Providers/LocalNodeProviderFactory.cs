using JobHub.Grains.Hosting;
using JobHub.Grains.Scheduling.Pools;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>Makes <see cref="LocalNodeProvider"/>s with <see cref="LocalNodesOptions.StartDelay"/>.</summary>
public sealed class LocalNodeProviderFactory(IOptions<LocalNodesOptions> local) : INodeProviderFactory
{
    /// <inheritdoc />
    public string Name => LocalNodeProvider.ProviderName;

    /// <inheritdoc />
    public INodeProvider Create(PoolSpec pool, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(local);
        return new LocalNodeProvider(local, time, local.Value.StartDelay);
    }
}
