namespace JobHub.Silo.Hosting;

/// <summary>Where this silo sits in an Orleans cluster (section <c>JobHub:Cluster</c>).</summary>
public sealed class JobHubClusterOptions
{
    public const string SectionName = "JobHub:Cluster";

    /// <summary>
    /// Orleans' cluster id: silos and cluster clients with the same id and membership table form one cluster. Default
    /// <c>jobhub</c>. Two clusters may share one PostgreSQL schema's membership table when their ids differ.
    /// </summary>
    public string ClusterId { get; set; } = "jobhub";

    /// <summary>
    /// Orleans' service id: grain state and reminders are kept per service, so it must stay the same across
    /// deployments of one installation. Default <c>jobhub</c>.
    /// </summary>
    public string ServiceId { get; set; } = "jobhub";

    /// <summary>TCP port of silo-to-silo traffic. Default 11111; every silo on one host needs its own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>TCP port cluster clients (<c>UseOrleansClient</c>) connect to. Default 30000; every silo on one host needs its own.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The host name or IP address the other silos and clients reach this silo at (it listens on every address of
    /// its host). Default: none, which means 127.0.0.1 for the embedded silo and this machine's host name for a
    /// clustered one (the container's name under docker compose).
    /// </summary>
    public string? AdvertisedHost { get; set; }
}
