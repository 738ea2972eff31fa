using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace JobHub.Grains.Identity.Hosting;

/// <summary>Turns on users, groups, API tokens and invitations in a silo: <c>silo.AddJobHubIdentity(o => o.AdminTokenDirectory = dataFolder)</c>.</summary>
public static class JobHubIdentityBuilderExtensions
{
    /// <summary>
    /// Adds the identity grains' services: <see cref="JobHubIdentityOptions"/> (section <c>JobHub:Identity</c>, validated
    /// at start), the identity clock (<see cref="IdentityClock"/>, the silo's <see cref="TimeProvider"/> unless one is
    /// registered under its key) and the <see cref="IdentityBootstrap"/>, which runs when the silo becomes active. The grain
    /// classes are found by Orleans (this assembly is referenced); their state goes to the default grain storage, written
    /// with Orleans' serializer. Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddJobHubIdentity(this ISiloBuilder builder, Action<JobHubIdentityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var firstCall = !services.Any(d => d.ServiceType == typeof(IdentityBootstrap));
        if (firstCall)
        {
            services.AddOptions<JobHubIdentityOptions>().BindConfiguration(JobHubIdentityOptions.SectionName).ValidateOnStart();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (!firstCall)
        {
            return builder;
        }

        services.Replace(ServiceDescriptor.Singleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobHubIdentityOptions>, JobHubIdentityOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(IdentityClock.ServiceKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddSingleton<IdentityBootstrap>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<IdentityBootstrap>());
        return builder;
    }
}
