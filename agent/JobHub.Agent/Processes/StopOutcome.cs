namespace JobHub.Agent.Processes;

/// <summary>How <see cref="RunningProcess.StopAsync"/> ended the process.</summary>
public enum StopOutcome
{
    /// <summary>The process had already exited; nothing was sent.</summary>
    AlreadyExited = 0,

    /// <summary>The process exited within the grace period after SIGTERM.</summary>
    ExitedAfterTerminate = 1,

    /// <summary>The process outlived the grace period and its whole tree was killed.</summary>
    Killed = 2,
}
