namespace JobHub.Agent.Processes;

/// <summary>A job process to find or kill with everything it started (<see cref="ProcessTree"/>).</summary>
/// <param name="Pid">The process id; also the id of the session and group it leads (a job process is started in a session of its own).</param>
/// <param name="ProcessGroup">The process group it leads (its pid), or null when it shares the silo's group.</param>
/// <param name="StartTime">Its start time in clock ticks since boot; 0 when unknown (any process with the pid is taken for it).</param>
internal readonly record struct KillTarget(int Pid, int? ProcessGroup, ulong StartTime);
