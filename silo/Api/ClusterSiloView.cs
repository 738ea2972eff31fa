using System.Collections.Immutable;

namespace JobHub.Silo.Api;

/// <summary>One silo of the cluster as Orleans' membership table records it.</summary>
/// <param name="Address">Its silo address (<c>host:port@generation</c>).</param>
/// <param name="Name">Its name.</param>
/// <param name="HostName">The host it runs on.</param>
/// <param name="Status">Orleans' membership status in lower case: <c>joining</c>, <c>active</c>, <c>shuttingdown</c>, <c>stopping</c>, <c>dead</c>.</param>
/// <param name="GatewayPort">The port cluster clients connect to (0: not a gateway).</param>
/// <param name="StartTime">When it started.</param>
/// <param name="ActivationsByType">Grain activations it holds now, by grain type (empty when it is not active).</param>
public sealed record ClusterSiloView(
    string Address,
    string Name,
    string HostName,
    string Status,
    int GatewayPort,
    DateTimeOffset StartTime,
    ImmutableSortedDictionary<string, long> ActivationsByType)
{
    /// <summary>Grain activations it holds now, of every type.</summary>
    public long Activations => ActivationsByType.Values.Sum();
}
