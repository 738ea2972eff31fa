namespace JobHub.Grains.Scheduling.Status;

/// <summary>One node in a <see cref="ClusterStatus"/>: free resources in percent of its size.</summary>
public sealed record NodeStatus(
    string NodeId,
    string Pool,
    string State,
    int Processes,
    int CriticalProcesses,
    double FreeVcpuPercent,
    double FreeMemoryPercent,
    double FreeGpuPercent);
