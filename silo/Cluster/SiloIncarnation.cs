namespace JobHub.Silo.Cluster;

/// <summary>One run of a silo: when it started and whether (and when) it stopped gracefully.</summary>
/// <param name="Name">The silo's name (<c>JobHub:Silo:Name</c>).</param>
/// <param name="Address">Its Orleans silo address (<c>host:port@generation</c>), unique per run.</param>
/// <param name="StartedAt">When it became active.</param>
/// <param name="StoppedAt">When it stopped gracefully; null while it runs, or when it was killed.</param>
/// <param name="Version">The JobHub version it ran.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.SiloIncarnation")]
public sealed record SiloIncarnation(
    [Id(0)] string Name,
    [Id(1)] string Address,
    [Id(2)] DateTimeOffset StartedAt,
    [Id(3)] DateTimeOffset? StoppedAt,
    [Id(4)] string Version)
{
    /// <summary>True once the run ended with a graceful stop.</summary>
    public bool StoppedCleanly => StoppedAt is not null;
}
