namespace JobHub.Runtime.Cluster;

/// <summary>Where this silo listens for other silos and clients. Bound from "JobHub:Cluster".</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "JobHub:Cluster";

    /// <summary>The address other silos reach this one at (default 127.0.0.1; a real deployment gives its routable address).</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo and gateway TCP port (default 11111). Must be free; each silo on one host needs its own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The port to listen on when it differs from the advertised <see cref="SiloPort"/> (behind NAT or a
    /// proxy); 0 (default) listens on <see cref="SiloPort"/>.
    /// </summary>
    public int ListenPort { get; set; }
}
