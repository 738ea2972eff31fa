using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Datasets;

/// <summary>Registers what datasets need in a silo: <see cref="DatasetsOptions"/> (section <c>JobHub:Datasets</c>, validated at start), the content store and the installer.</summary>
public static class JobHubDatasetsServiceCollectionExtensions
{
    /// <summary>Adds the datasets' services; safe to call twice.</summary>
    public static IServiceCollection AddJobHubDatasets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DatasetContentStore)))
        {
            return services;
        }

        services.AddOptions<DatasetsOptions>().BindConfiguration(DatasetsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatasetsOptions>, DatasetsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatasetContentStore>();
        services.TryAddSingleton<DatasetInstaller>();
        return services;
    }
}
