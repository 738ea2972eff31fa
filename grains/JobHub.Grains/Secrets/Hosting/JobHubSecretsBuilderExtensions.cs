using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime;

namespace JobHub.Grains.Secrets.Hosting;

/// <summary>Turns on projects' and users' secrets in a silo: <c>silo.AddJobHubSecrets(o => o.KeyFileDirectory = dataFolder)</c>.</summary>
public static class JobHubSecretsBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="JobHubSecretsOptions"/> (section <c>JobHub:Secrets</c>, validated at start), the
    /// <see cref="SecretKeyRing"/> (loaded, and the key file generated if needed, when the silo starts), the
    /// <see cref="SecretCipher"/> and the <see cref="SecretStore"/> the REST API uses. Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddJobHubSecrets(this ISiloBuilder builder, Action<JobHubSecretsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var firstCall = !services.Any(d => d.ServiceType == typeof(SecretKeyRing));
        if (firstCall)
        {
            services.AddOptions<JobHubSecretsOptions>().BindConfiguration(JobHubSecretsOptions.SectionName).ValidateOnStart();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (!firstCall)
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobHubSecretsOptions>, JobHubSecretsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SecretKeyRing>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SecretKeyRing>());
        services.TryAddSingleton<SecretCipher>();
        services.TryAddSingleton<SecretStore>();
        return builder;
    }
}
