using JobHub.Runtime.Core;
using JobHub.Runtime.Diagnostics;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Hosting;

/// <summary>Wires the actor runtime into a host: <c>services.AddJobHubRuntime(runtime => runtime.AddGrains(...).UseSqliteStorage())</c>.</summary>
public static class JobHubRuntimeServiceCollectionExtensions
{
    public static IServiceCollection AddJobHubRuntime(this IServiceCollection services, Action<IJobHubRuntimeBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(GrainAssemblies)))
        {
            services.AddSingleton(new GrainAssemblies());
            services.AddOptions<JobHubRuntimeOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobHubRuntimeOptions>, JobHubRuntimeOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => new RuntimeInstruments(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
            services.TryAddSingleton<GrainTypeRegistry>();
            services.TryAddSingleton<PendingCalls>();
            services.TryAddSingleton<Catalog>();
            services.TryAddSingleton<RuntimeClient>();
            services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<RuntimeClient>());
            services.TryAddSingleton<ReminderService>();
            services.TryAddSingleton<IdleCollector>();
            services.TryAddSingleton(sp => new LocalSiloDetails(
                Environment.MachineName,
                new SiloAddress("127.0.0.1", 0, sp.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds()),
                sp.GetRequiredService<TimeProvider>().GetUtcNow(),
                typeof(IGrain).Assembly.GetName().Version?.ToString() ?? "0.0.0"));
            services.AddHostedService<SiloLifecycleService>();
        }

        configure?.Invoke(new JobHubRuntimeBuilder(services));

        // Without a durable table, reminders live as long as the process (tests; a silo host picks a provider).
        services.TryAddSingleton<IReminderTable, MemoryReminderTable>();
        return services;
    }
}
