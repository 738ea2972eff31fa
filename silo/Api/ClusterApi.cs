using System.Collections.Immutable;
using JobHub.Silo.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Metadata;

namespace JobHub.Silo.Api;

/// <summary><c>/api/v1/cluster</c>: the cluster as Orleans' management grain reports it, and the silo history.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/cluster").WithTags("Cluster");
        group.MapGet("/", GetClusterAsync).WithName("GetCluster")
            .WithSummary("This silo, every silo of the cluster with its status, grain activations by type, and recent silo incarnations.");
        return group;
    }

    private static async Task<Ok<ClusterView>> GetClusterAsync(ILocalSiloDetails silo, IGrainFactory grains, GrainTypeResolver grainTypes, IHostApplicationLifetime lifetime)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var incarnations = await grains.GetGrain<ISiloHistoryGrain>(SiloHistoryGrain.ClusterKey).GetIncarnations();
        var silos = hosts
            .OrderBy(h => h.SiloAddress)
            .Select(h => new ClusterSiloView(
                h.SiloAddress.ToString(),
                h.SiloName,
                h.HostName,
                h.Status.ToString().ToLowerInvariant(),
                h.ProxyPort,
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
                ByType(grainTypes, statistics.Where(s => s.SiloAddress.Equals(h.SiloAddress)))))
            .ToImmutableArray();
        var byType = ByType(grainTypes, statistics);
        var status = lifetime.ApplicationStopping.IsCancellationRequested ? "stopping" : "active";
        var self = new SiloView(silo.SiloAddress.ToString(), silo.Name, silo.SiloAddress.ToString(), silo.GatewayAddress?.ToString(), SiloVersion.Current, status);
        return TypedResults.Ok(new ClusterView(self, silos, byType, incarnations));
    }

    private static ImmutableSortedDictionary<string, long> ByType(GrainTypeResolver grainTypes, IEnumerable<SimpleGrainStatistic> statistics) =>
        statistics
            .GroupBy(s => GrainTypeName(grainTypes, s.GrainType), StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => (long)g.Sum(s => s.ActivationCount), StringComparer.Ordinal);

    /// <summary>Orleans' grain type name (<c>job</c>, <c>silohistory</c>) of the class the statistics name as "type, assembly".</summary>
    private static string GrainTypeName(GrainTypeResolver grainTypes, string className) =>
        Type.GetType(className, throwOnError: false) is { } type ? grainTypes.GetGrainType(type).ToString() ?? className : className;
}
