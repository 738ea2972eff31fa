using System.Text.Json.Serialization;

namespace JobHub.Agent.Processes;

/// <summary>
/// What a silo writes to disk for each process it starts, so that the next silo on the same data folder can find
/// the process if this silo dies without stopping it (<see cref="OrphanProcessReaper"/>). A pid alone could name
/// another process by then: the record also holds the process's start time, the machine's boot id, the pid namespace,
/// the file the process ran, and which silo process owns it.
/// </summary>
/// <param name="NodeId">The node that started the process (records are kept in one folder per node).</param>
/// <param name="Pid">The process id.</param>
/// <param name="ProcessGroup">The process group the process leads (its pid), or null when it shares the silo's group.</param>
/// <param name="StartTime">The process's start time in clock ticks since boot (field 22 of <c>/proc/{pid}/stat</c>).</param>
/// <param name="BootId">The machine's boot id when the process started (<c>/proc/sys/kernel/random/boot_id</c>).</param>
/// <param name="PidNamespace">The silo's pid namespace (<c>/proc/self/ns/pid</c>, <c>pid:[inode]</c>): pids of another namespace name other processes.</param>
/// <param name="OwnerPid">The pid of the silo process that started it.</param>
/// <param name="OwnerStartTime">That silo process's start time in clock ticks since boot.</param>
/// <param name="JobId">The job the process belongs to.</param>
/// <param name="Role">Master or worker.</param>
/// <param name="WorkerIndex">0 for the master, 1..N for workers.</param>
/// <param name="Command">The command that was started.</param>
/// <param name="Executable">The file the process ran once started (<c>/proc/{pid}/exe</c>); null when it could not be read.</param>
/// <param name="StartedAt">When it was started.</param>
public sealed record ProcessRecord(
    string NodeId,
    int Pid,
    int? ProcessGroup,
    ulong StartTime,
    string BootId,
    string PidNamespace,
    int OwnerPid,
    ulong OwnerStartTime,
    string JobId,
    ProcessRole Role,
    int WorkerIndex,
    string Command,
    string? Executable,
    DateTimeOffset StartedAt)
{
    /// <summary>Job, role and worker index of the process.</summary>
    [JsonIgnore]
    public ProcessLabel Label => new(JobId, Role, WorkerIndex);
}
