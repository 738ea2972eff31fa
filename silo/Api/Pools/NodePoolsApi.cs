using System.Collections.Immutable;
using JobHub.Contracts.Cluster;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Nodes;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api.Pools;

/// <summary>
/// <c>GET /api/v1/cluster/status</c> (pools, nodes with free resources in %, waiting processes by reason, pending jobs)
/// and <c>GET /api/v1/pools/{pool}/events</c> (the pool's scaling decisions). Any signed-in user may read both: capacity
/// and scaling are not secrets among a cluster's users, and they explain why a job waits. Pending jobs show their id
/// and owner only to their owner and to admins; others see how many processes wait and why. Without an API token: 401.
/// </summary>
internal static class NodePoolsApi
{
    public static IEndpointRouteBuilder MapNodePoolsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/api/v1/cluster/status", GetStatusAsync).WithTags("Cluster").WithName("GetClusterStatus")
            .WithSummary("Pools, nodes with free vCPU/memory/GPU in %, processes waiting by reason, and pending jobs with reason and ETA (others' job ids only for admins).")
            .ProducesCommonProblems();
        routes.MapGet("/api/v1/pools/{pool}/events", GetEventsAsync).WithTags("Cluster").WithName("GetPoolEvents")
            .WithSummary("A pool's last scaling events (scale-up, scale-down, node-replaced, node-failed, node-interrupted), oldest first; limit 1-1000, default 100.")
            .ProducesCommonProblems()
            .ProducesProblems(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Ok<ClusterStatusInfo>, ProblemHttpResult>> GetStatusAsync(HttpContext context, IGrainFactory grains, NodeTypeCatalog catalog)
    {
        if (CallerIdentity.ForUser(context) is not { } caller)
        {
            return ApiProblems.SignInRequired();
        }

        var admin = CallerIdentity.IsAdmin(context);
        var parts = await Task.WhenAll(catalog.Pools.Select(pool => grains.GetGrain<INodePoolGrain>(pool.Name).GetStatus()));
        var pending = parts.SelectMany(p => p.PendingJobs)
            .Select(j => admin || string.Equals(j.Owner, caller, StringComparison.Ordinal) ? j : j with { JobId = null, Owner = null })
            .ToImmutableArray();
        var byReason = parts.SelectMany(p => p.WaitingProcessesByReason)
            .GroupBy(r => r.Key, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Sum(r => r.Value), StringComparer.Ordinal);
        return TypedResults.Ok(new ClusterStatusInfo(
            parts.Length == 0 ? DateTimeOffset.MinValue : parts.Max(p => p.At),
            [.. parts.SelectMany(p => p.Pools).OrderBy(p => p.Pool, StringComparer.Ordinal)],
            [.. parts.SelectMany(p => p.Nodes).OrderBy(n => n.NodeId, StringComparer.Ordinal)],
            byReason,
            pending)
        {
            MaxClusterNodes = catalog.IsDefault ? null : catalog.PoolsOptions.MaxClusterNodes,
        });
    }

    private static async Task<Results<Ok<ImmutableArray<PoolEventInfo>>, ProblemHttpResult>> GetEventsAsync(
        string pool, HttpContext context, IGrainFactory grains, NodeTypeCatalog catalog, int limit = ClusterLimits.DefaultEventLimit)
    {
        if (CallerIdentity.ForUser(context) is null)
        {
            return ApiProblems.SignInRequired();
        }

        if (limit is < 1 or > ClusterLimits.MaxEventLimit)
        {
            return ApiProblems.Field("limit", $"The number of events must be between 1 and {ClusterLimits.MaxEventLimit} (was {limit}).");
        }

        if (catalog.FindPool(pool) is null)
        {
            return TypedResults.Problem(
                $"There is no node pool '{pool}'; the pools are: {string.Join(", ", catalog.Pools.Select(p => p.Name))}.",
                statusCode: StatusCodes.Status404NotFound,
                title: "No such pool.");
        }

        return TypedResults.Ok(await grains.GetGrain<INodePoolGrain>(pool).GetEvents(limit));
    }
}
