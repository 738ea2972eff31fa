namespace JobHub.Grains.Scheduling.Status;

/// <summary>A job with processes still to place, and why.</summary>
public sealed record PendingJobStatus(string JobId, string Owner, int WaitingProcesses, PendingReason Reason);
