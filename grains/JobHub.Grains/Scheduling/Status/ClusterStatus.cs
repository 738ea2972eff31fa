using System.Collections.Immutable;

namespace JobHub.Grains.Scheduling.Status;

/// <summary>A snapshot of the cluster like JuliaRun's <c>status(ctx)</c>: pools, nodes, and processes waiting by reason.</summary>
public sealed record ClusterStatus(
    DateTimeOffset At,
    ImmutableArray<PoolStatus> Pools,
    ImmutableArray<NodeStatus> Nodes,
    ImmutableDictionary<PendingReasonKind, int> WaitingProcessesByReason,
    ImmutableArray<PendingJobStatus> PendingJobs);
