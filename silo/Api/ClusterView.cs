using JobHub.Runtime.Diagnostics;
using JobHub.Silo.Cluster;

namespace JobHub.Silo.Api;

/// <summary>What <c>GET /api/v1/cluster</c> returns: this silo, its activations and call metrics, and recent silo incarnations.</summary>
public sealed record ClusterView(
    SiloView Silo,
    IReadOnlyDictionary<string, long> ActivationsByType,
    RuntimeStatistics Metrics,
    IReadOnlyList<SiloIncarnation> Incarnations);
