using JobHub.Runtime.Cluster;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.ClusterClient;

/// <summary>
/// <c>UseGatewayClient</c>: this process is a cluster client. It hosts no grains (register the grain
/// assemblies with <c>AddGrains</c> all the same: references are typed by them), needs no database, and
/// reaches the cluster through the gateways in <see cref="GatewayClientOptions"/>, bound from the host's
/// "JobHub:GatewayClient" section and then <c>configure</c>, validated at start. Resolve
/// <see cref="IClusterClient"/> or <see cref="IGrainFactory"/> to call grains.
/// </summary>
public static class JobHubGatewayClientBuilderExtensions
{
    public static IJobHubRuntimeBuilder UseGatewayClient(
        this IJobHubRuntimeBuilder builder,
        Action<GatewayClientOptions>? configure = null,
        Action<NetworkingOptions>? networking = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // The host's configuration first ("JobHub:GatewayClient:Gateways:0" = "silo-1:11111", ...), then the code's.
        services.AddOptions<GatewayClientOptions>().BindConfiguration(GatewayClientOptions.SectionName);
        JobHubClusterBuilderExtensions.Configure(services, configure);
        // The handshake names the cluster: the client's cluster id is the gateways' one.
        services.AddOptions<NetworkingOptions>().Configure<IOptions<GatewayClientOptions>>((n, g) => n.ClusterId = g.Value.ClusterId);
        JobHubClusterBuilderExtensions.Configure(services, networking);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayClientOptions>, GatewayClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetworkingOptions>, NetworkingOptionsValidator>());

        // A client's own address is never on the ring (port 0), so it owns no grain.
        JobHubClusterBuilderExtensions.AddMessaging(services, sp => new SiloAddress("client", 0, sp.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds()));
        services.TryAddSingleton<GatewayClientRuntime>();
        services.TryAddSingleton<IClusterLifecycle>(sp => sp.GetRequiredService<GatewayClientRuntime>());
        services.TryAddSingleton<IClusterClient>(sp => sp.GetRequiredService<GatewayClientRuntime>());

        // Through the client, so observers made before the host starts already carry the client's id.
        services.RemoveAll<IGrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GatewayClientRuntime>());
        return builder;
    }
}
