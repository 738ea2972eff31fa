using JobHub.Runtime;

namespace JobHub.Silo.Cluster;

/// <summary>The record of silo incarnations in this cluster: which ran, when, and whether each stopped cleanly.</summary>
public interface ISiloHistoryGrain : IGrainWithStringKey
{
    Task RecordStart(SiloIncarnation incarnation);

    Task RecordStop(string address, DateTimeOffset stoppedAt);

    Task<IReadOnlyList<SiloIncarnation>> GetIncarnations();
}
