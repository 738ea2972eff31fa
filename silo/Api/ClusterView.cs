using System.Collections.Immutable;
using JobHub.Silo.Cluster;

namespace JobHub.Silo.Api;

/// <summary>What <c>GET /api/v1/cluster</c> returns.</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="Silos">Every silo in Orleans' membership table (active, joining, shutting down, dead), in address order.</param>
/// <param name="ActivationsByType">Grain activations in the whole cluster by grain type (Orleans' grain type names, e.g. <c>job</c>).</param>
/// <param name="Incarnations">Recent silo runs, oldest first, with whether each stopped cleanly.</param>
public sealed record ClusterView(
    SiloView Silo,
    ImmutableArray<ClusterSiloView> Silos,
    ImmutableSortedDictionary<string, long> ActivationsByType,
    ImmutableArray<SiloIncarnation> Incarnations);
