using JobHub.Agent.Bundles;
using JobHub.Agent.Jobs;
using JobHub.Agent.Processes;
using JobHub.Agent.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Hosting;

/// <summary>Registers the local node agent's process layer.</summary>
public static class LocalNodeAgentServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ProcessLauncher"/> with its <see cref="ProcessRegistry"/> and <see cref="ProcessRecordStore"/>,
    /// the <see cref="OrphanProcessReaper"/> and the <see cref="ProcessShutdownService"/> (a hosted service: orphans of
    /// a crashed silo are killed before the host starts anything, and no process outlives the host's stop),
    /// <see cref="JobWorkspaceLayout"/>, <see cref="ResultsUploader"/>,
    /// a <see cref="FileSystemBlobStore"/> as <see cref="IBlobStore"/> (unless one is registered),
    /// <see cref="CodeBundleStore"/>, <see cref="CodeBundleInstaller"/> and
    /// <see cref="LocalNodeAgentOptions"/> bound to <see cref="LocalNodeAgentOptions.SectionName"/>,
    /// validated at start. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddLocalNodeAgent(this IServiceCollection services, Action<LocalNodeAgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LocalNodeAgentOptions>().BindConfiguration(LocalNodeAgentOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalNodeAgentOptions>, LocalNodeAgentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProcessRecordStore>();
        services.TryAddSingleton<ProcessRegistry>();
        services.TryAddSingleton<OrphanProcessReaper>();
        services.TryAddSingleton<ProcessLauncher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ProcessShutdownService>());
        services.TryAddSingleton<JobWorkspaceLayout>();
        services.TryAddSingleton<IBlobStore, FileSystemBlobStore>();
        services.TryAddSingleton<ResultsUploader>();
        services.TryAddSingleton<CodeBundleStore>();
        services.TryAddSingleton<CodeBundleInstaller>();
        return services;
    }
}
