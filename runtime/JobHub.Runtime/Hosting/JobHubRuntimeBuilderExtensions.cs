using System.Reflection;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobHub.Runtime.Hosting;

/// <summary>Features and providers of the runtime; each returns the builder and is safe to call twice.</summary>
public static class JobHubRuntimeBuilderExtensions
{
    /// <summary>Scans the assemblies for grain classes and grain interfaces (validated at start-up).</summary>
    public static IJobHubRuntimeBuilder AddGrains(this IJobHubRuntimeBuilder builder, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registered = (GrainAssemblies)builder.Services.Single(d => d.ServiceType == typeof(GrainAssemblies)).ImplementationInstance!;
        foreach (var assembly in assemblies)
        {
            if (!registered.Assemblies.Contains(assembly))
            {
                registered.Assemblies.Add(assembly);
            }
        }

        return builder;
    }

    public static IJobHubRuntimeBuilder AddGrainsFromAssemblyOf<T>(this IJobHubRuntimeBuilder builder) => builder.AddGrains(typeof(T).Assembly);

    public static IJobHubRuntimeBuilder Configure(this IJobHubRuntimeBuilder builder, Action<JobHubRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>In-memory grain storage under <paramref name="name"/>: for tests; state is lost with the process.</summary>
    public static IJobHubRuntimeBuilder UseMemoryStorage(this IJobHubRuntimeBuilder builder, string name = GrainStorageNames.Default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage());
        return builder;
    }

    /// <summary>In-memory reminders: for tests; reminders are lost with the process.</summary>
    public static IJobHubRuntimeBuilder UseMemoryReminders(this IJobHubRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IReminderTable, MemoryReminderTable>();
        return builder;
    }
}
