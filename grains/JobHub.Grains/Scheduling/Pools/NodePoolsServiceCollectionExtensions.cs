using JobHub.Grains.Autoscaling.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Scheduling.Pools;

/// <summary>
/// Registers the node pool options (section <c>JobHub:NodePools</c>), validated at start, and the node providers by
/// name (<c>local</c>, <c>simulated</c>).
/// </summary>
public static class NodePoolsServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="NodePoolsOptions"/> and registers the node providers; safe to call twice.</summary>
    public static IServiceCollection AddJobHubNodePools(this IServiceCollection services, Action<NodePoolsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NodePoolsOptions>().BindConfiguration(NodePoolsOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodePoolsOptions>, NodePoolsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodePoolsOptions>, LocalPoolsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeProviderFactory, LocalNodeProviderFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeProviderFactory, SimulatedNodeProviderFactory>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
