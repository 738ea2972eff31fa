using JobHub.Runtime.Core;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Membership;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Cluster;

/// <summary>
/// <c>UseCluster</c>: this silo joins a cluster through the membership table of the storage provider
/// (PostgreSQL for real clusters, a shared SQLite file for silos on one host) and talks to the other
/// silos over TCP. Options: <c>JobHub:Cluster</c>, <c>JobHub:Membership</c>, <c>JobHub:Networking</c>.
/// </summary>
public static class JobHubClusterBuilderExtensions
{
    public static IJobHubRuntimeBuilder UseCluster(
        this IJobHubRuntimeBuilder builder,
        Action<ClusterOptions>? configure = null,
        Action<MembershipOptions>? membership = null,
        Action<NetworkingOptions>? networking = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        Configure(services, configure);
        Configure(services, membership);
        Configure(services, networking);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetworkingOptions>, NetworkingOptionsValidator>());
        AddMessaging(services, sp => sp.GetRequiredService<LocalSiloDetails>().Address);
        services.TryAddSingleton<ClusterRuntime>();
        services.TryAddSingleton<IClusterLifecycle>(sp => sp.GetRequiredService<ClusterRuntime>());
        services.TryAddSingleton<IClusterMembership>(sp => sp.GetRequiredService<ClusterRuntime>());

        // The silo's identity is its advertised silo endpoint plus a generation (start time) that makes each run distinct.
        services.RemoveAll<LocalSiloDetails>();
        services.AddSingleton(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            return new LocalSiloDetails(
                $"{Environment.MachineName}:{cluster.SiloPort}",
                new SiloAddress(cluster.AdvertisedHost, cluster.SiloPort, now.ToUnixTimeMilliseconds()),
                now,
                typeof(IGrain).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        });
        return builder;
    }

    /// <summary>The transport's meter, the wire format and the router, shared by silos and clients (UseGatewayClient).</summary>
    internal static void AddMessaging(IServiceCollection services, Func<IServiceProvider, SiloAddress> self)
    {
        services.TryAddSingleton(sp => new NetworkingInstruments(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new WireFormat(sp.GetRequiredService<RuntimeClient>().Copier.Json));
        services.TryAddSingleton(sp => new ClusterMessageRouter(
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<WireFormat>(),
            self(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ClusterMessageRouter>>()));
    }

    internal static void Configure<TOptions>(IServiceCollection services, Action<TOptions>? configure)
        where TOptions : class
    {
        var options = services.AddOptions<TOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
    }
}
