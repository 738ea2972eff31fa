using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Status;

/// <summary>One pool in a <see cref="ClusterStatus"/>.</summary>
public sealed record PoolStatus(
    string Pool,
    int ReadyNodes,
    int BootingNodes,
    int MinNodes,
    int MaxNodes,
    ResourceAmount Reserved,
    ResourceAmount Free,
    decimal CostPerHour);
