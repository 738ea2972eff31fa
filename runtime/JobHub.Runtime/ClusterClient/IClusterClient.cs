namespace JobHub.Runtime.ClusterClient;

/// <summary>
/// A cluster client (<c>UseGatewayClient</c>): typed grain references and observers, with every call
/// going through one gateway silo at a time. Resolve it (or <see cref="IGrainFactory"/>) from the host's services.
/// </summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>This client's id; its observers' ids carry it, so silos can reach them through its gateway.</summary>
    string ClientId { get; }

    /// <summary>The gateway in use (<c>host:port</c>), or null before the client has connected.</summary>
    string? CurrentGateway { get; }

    /// <summary>
    /// The gateways the client may move to: the configured ones, then silos it learned of from its gateway
    /// (asked after connecting and about every 10 pings), so silos added later are used too.
    /// </summary>
    IReadOnlyList<string> Gateways { get; }

    /// <summary>
    /// Raised (with the new gateway) after the client moved to another gateway because the old one died
    /// or went silent. Grains that kept this client's observers on a dead silo lost them, and notifications
    /// sent while the client was between gateways failed: subscribe again here. Raised on a thread-pool
    /// thread, after the client already sends its calls to the new gateway.
    /// </summary>
    event Action<string>? GatewayChanged;
}
