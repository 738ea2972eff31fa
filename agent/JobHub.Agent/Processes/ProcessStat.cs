namespace JobHub.Agent.Processes;

/// <summary>The fields of <c>/proc/{pid}/stat</c> the agent uses to recognise and stop its processes.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="State">The state letter (R, S, D, Z, ...).</param>
/// <param name="ParentPid">The parent's pid (field 4).</param>
/// <param name="ProcessGroup">The process group id (field 5).</param>
/// <param name="Session">The session id (field 6): a job process leads a session of its own, so its session id is its pid, and so is that of everything it starts that stays in its session.</param>
/// <param name="StartTime">When the process started, in clock ticks since boot (field 22): with the pid, it names one process for as long as the machine runs.</param>
internal readonly record struct ProcessStat(int Pid, char State, int ParentPid, int ProcessGroup, int Session, ulong StartTime)
{
    /// <summary>A zombie (exited, not reaped yet) or dead process: it runs nothing any more.</summary>
    public bool HasEnded => State is 'Z' or 'X' or 'x';
}
