using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Cluster;

/// <summary>One scaling decision or node incident of a pool (<c>GET /api/v1/pools/{pool}/events</c>).</summary>
/// <param name="At">When it happened.</param>
/// <param name="Pool">The pool.</param>
/// <param name="Kind"><c>scale-up</c>, <c>scale-down</c>, <c>node-replaced</c>, <c>node-failed</c> or <c>node-interrupted</c>.</param>
/// <param name="Count">How many nodes.</param>
/// <param name="NodeIds">Which nodes (a replacement names the old node, then the new one).</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="CostPerHourChange">How the pool's cost per hour changes (positive when nodes start).</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.PoolEventInfo")]
public sealed record PoolEventInfo(
    [Id(0)] DateTimeOffset At,
    [Id(1)] string Pool,
    [Id(2)] string Kind,
    [Id(3)] int Count,
    [Id(4)] ImmutableArray<string> NodeIds,
    [Id(5)] string Reason,
    [Id(6)] decimal CostPerHourChange);
