using JobHub.Runtime;
using JobHub.Runtime.Diagnostics;
using JobHub.Runtime.Hosting;
using JobHub.Silo.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api;

/// <summary><c>/api/v1/cluster</c>: the state of the cluster as this silo sees it.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/cluster").WithTags("Cluster");
        group.MapGet("/", GetClusterAsync).WithName("GetCluster").WithSummary("This silo, its grain activations by type, call metrics and recent silo incarnations.");
        return group;
    }

    private static async Task<Ok<ClusterView>> GetClusterAsync(
        LocalSiloDetails silo,
        RuntimeInstruments instruments,
        IGrainFactory grains,
        IHostApplicationLifetime lifetime)
    {
        var incarnations = await grains.GetGrain<ISiloHistoryGrain>(SiloHistoryGrain.ClusterKey).GetIncarnations();
        var statistics = instruments.Snapshot();
        var status = lifetime.ApplicationStopping.IsCancellationRequested ? "stopping" : "active";
        return TypedResults.Ok(new ClusterView(
            new SiloView(silo.Address.ToString(), silo.Name, silo.Address.ToString(), silo.StartTime, silo.Version, status),
            statistics.ActivationsByType,
            statistics,
            incarnations));
    }
}
