using System.Collections.Immutable;

namespace JobHub.Grains.Autoscaling.Events;

/// <summary>
/// One scaling decision or node incident: what, how many nodes, which, why, and how the pool's cost per hour changes
/// (positive when nodes start, negative when they stop).
/// </summary>
public sealed record PoolEvent(
    DateTimeOffset At,
    string Pool,
    PoolEventKind Kind,
    int Count,
    ImmutableArray<string> NodeIds,
    string Reason,
    decimal CostPerHourChange);
