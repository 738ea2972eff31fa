namespace JobHub.Agent.Processes;

/// <summary>What a <see cref="ProcessRecord"/> found on disk names today.</summary>
public enum ProcessRecordState
{
    /// <summary>The process (or a process of its group) still runs and the silo that started it is gone: it must be killed.</summary>
    Orphan = 0,

    /// <summary>The silo process that started it still runs (another silo on this data folder): it is that silo's to stop.</summary>
    OwnerRunning = 1,

    /// <summary>Nothing of the process runs any more.</summary>
    Ended = 2,

    /// <summary>Its pid now belongs to another process (a different start time): that process is left alone.</summary>
    PidReused = 3,

    /// <summary>
    /// The record was written before the machine last booted, or in another pid namespace (another container on the
    /// same data folder): it names no process here.
    /// </summary>
    OtherBoot = 4,

    /// <summary>
    /// Its pid runs a process with the recorded start time that is not the one recorded: it does not lead its own
    /// session, or runs another file than the one recorded. It is left alone.
    /// </summary>
    NotOurs = 5,
}
