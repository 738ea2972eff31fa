namespace JobHub.Grains.Scheduling.Status;

/// <summary>Why a job waits, in the terms JuliaRun's status used.</summary>
public enum PendingReasonKind
{
    /// <summary>Queued behind other work, or held back by a user or group cap: "waiting for the scheduler".</summary>
    WaitingForScheduler = 0,

    /// <summary>No node has room now; a scale-up may be in progress (with an ETA): "waiting for free nodes".</summary>
    WaitingForFreeNodes = 1,

    /// <summary>No pool's node type can ever hold it: refused at submit, "resource misfit".</summary>
    ResourceMisfit = 2,
}
