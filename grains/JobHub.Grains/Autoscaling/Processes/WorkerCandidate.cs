namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>A running worker the process autoscaler may stop: its index, when it started, and whether it is idle.</summary>
public sealed record WorkerCandidate(int Index, DateTimeOffset StartedAt, bool Idle);
