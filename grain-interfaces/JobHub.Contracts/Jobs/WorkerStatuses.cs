namespace JobHub.Contracts.Jobs;

/// <summary>Helpers over <see cref="WorkerStatus"/>.</summary>
public static class WorkerStatuses
{
    /// <summary>True for exited, failed and lost: the process is gone and will not come back.</summary>
    public static bool IsTerminal(this WorkerStatus status) => status >= WorkerStatus.Exited;
}
