namespace JobHub.Runtime.Tests.Cluster;

/// <summary>
/// Multi-silo tests run on their own: their failure detectors measure time, and on a 2-core machine
/// other test classes running beside them would starve the silos' heartbeats.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster";
}
