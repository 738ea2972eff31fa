using System.Collections.Immutable;
using JobHub.Grains.Autoscaling.Events;

namespace JobHub.Grains.Autoscaling.Cluster;

/// <summary>
/// One decision of the cluster autoscaler: start <paramref name="Count"/> nodes (<see cref="PoolEventKind.ScaleUp"/>),
/// stop <paramref name="NodeIds"/> (<see cref="PoolEventKind.ScaleDown"/>), or replace a node that did not come up
/// (<see cref="PoolEventKind.NodeReplaced"/>); why, and the change in cost per hour.
/// </summary>
public sealed record ScaleDecision(PoolEventKind Kind, string Pool, int Count, ImmutableArray<string> NodeIds, string Reason, decimal CostPerHourChange);
