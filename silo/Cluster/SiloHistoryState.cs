namespace JobHub.Silo.Cluster;

/// <summary>The persisted state of <see cref="SiloHistoryGrain"/>.</summary>
[GenerateSerializer]
[Alias("jobhub.SiloHistoryState")]
public sealed class SiloHistoryState
{
    [Id(0)]
    public List<SiloIncarnation> Incarnations { get; set; } = [];
}
