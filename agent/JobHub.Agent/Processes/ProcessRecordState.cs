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

    /// <summary>The record was written before the machine last booted: its process is long gone.</summary>
    OtherBoot = 4,
}
