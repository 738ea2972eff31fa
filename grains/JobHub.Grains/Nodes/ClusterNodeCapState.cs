using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>The persisted state of the cluster node cap: each pool's last node count.</summary>
[GenerateSerializer]
[Alias("jobhub.ClusterNodeCapState")]
internal sealed class ClusterNodeCapState
{
    /// <summary>Nodes (ready or booting) by pool name.</summary>
    [Id(0)]
    public Dictionary<string, int> Nodes { get; set; } = new(StringComparer.Ordinal);
}
