namespace JobHub.Runtime.ClusterClient;

/// <summary>
/// How a cluster client reaches the cluster: through gateways (any silo's silo port). Bound from
/// "JobHub:GatewayClient" by hosts that read configuration; validated at start.
/// </summary>
public sealed class GatewayClientOptions
{
    public const string SectionName = "JobHub:GatewayClient";

    /// <summary>
    /// Gateway addresses as <c>host:port</c> (the silos' <c>JobHub:Cluster:SiloPort</c>); at least one. The
    /// client uses one at a time and moves to the next when it dies; list several so there is a next.
    /// </summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>The cluster's id (default "jobhub"); a gateway of another cluster refuses the connection.</summary>
    public string ClusterId { get; set; } = "jobhub";

    /// <summary>
    /// How often the client pings its gateway (default 1 s). A gateway that closes the connection (its
    /// process died) is left at once; one that goes silent after <see cref="MissedProbesLimit"/> pings.
    /// </summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a ping, or connecting to a gateway, may take before it counts as missed (default 1 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Pings in a row a gateway may miss before the client moves on (default 3, so a silent gateway is
    /// left after about 3 × 1 s + 1 s, inside the cluster's 10 s detection time). Lower moves sooner, and
    /// more often on a slow network.
    /// </summary>
    public int MissedProbesLimit { get; set; } = 3;
}
