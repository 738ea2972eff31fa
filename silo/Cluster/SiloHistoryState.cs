namespace JobHub.Silo.Cluster;

public sealed class SiloHistoryState
{
    public List<SiloIncarnation> Incarnations { get; set; } = [];
}
