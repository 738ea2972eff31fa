namespace JobHub.Silo.Cluster;

/// <summary>One run of a silo: when it started and whether (and when) it stopped gracefully.</summary>
public sealed record SiloIncarnation(string Name, string Address, DateTimeOffset StartedAt, DateTimeOffset? StoppedAt, string Version)
{
    public bool StoppedCleanly => StoppedAt is not null;
}
