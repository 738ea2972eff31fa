using Orleans;

namespace JobHub.Contracts.Cluster;

/// <summary>One node in a <see cref="ClusterStatusInfo"/>: its free resources in percent of its size.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Pool">Its pool.</param>
/// <param name="State"><c>ready</c> or <c>booting</c>.</param>
/// <param name="Processes">Processes placed on it.</param>
/// <param name="CriticalProcesses">Of those, processes whose loss fails their job (the autoscaler never stops such a node).</param>
/// <param name="FreeVcpuPercent">Free vCPU, 0–100.</param>
/// <param name="FreeMemoryPercent">Free memory, 0–100.</param>
/// <param name="FreeGpuPercent">Free GPUs, 0–100 (0 for a node without GPUs).</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodeStatusInfo")]
public sealed record NodeStatusInfo(
    [Id(0)] string NodeId,
    [Id(1)] string Pool,
    [Id(2)] string State,
    [Id(3)] int Processes,
    [Id(4)] int CriticalProcesses,
    [Id(5)] double FreeVcpuPercent,
    [Id(6)] double FreeMemoryPercent,
    [Id(7)] double FreeGpuPercent);
