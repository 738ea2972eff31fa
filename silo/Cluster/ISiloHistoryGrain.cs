using System.Collections.Immutable;

namespace JobHub.Silo.Cluster;

/// <summary>The record of silo incarnations in this cluster: which ran, when, and whether each stopped cleanly.</summary>
[Alias("jobhub.ISiloHistoryGrain")]
public interface ISiloHistoryGrain : IGrainWithStringKey
{
    /// <summary>Records a silo's start (idempotent: a repeated call replaces the entry of that address).</summary>
    Task RecordStart(SiloIncarnation incarnation);

    /// <summary>Records a silo's graceful stop (idempotent).</summary>
    Task RecordStop(string address, DateTimeOffset stoppedAt);

    /// <summary>The recorded incarnations, oldest first.</summary>
    Task<ImmutableArray<SiloIncarnation>> GetIncarnations();
}
