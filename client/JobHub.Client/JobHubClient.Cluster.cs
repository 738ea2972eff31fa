using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Cluster;

namespace JobHub.Client;

/// <summary>The cluster's node pools: status and scaling events (docs/sdk.md, "Cluster status and pool events").</summary>
public sealed partial class JobHubClient
{
    /// <summary>
    /// Pools, nodes with free vCPU/memory/GPU in percent, processes waiting by reason, and pending jobs with reason and
    /// ETA. Needs an API token; other users' job ids and owners are null unless the caller is an admin.
    /// </summary>
    /// <exception cref="JobHubApiException">401 without an API token.</exception>
    public Task<ClusterStatusInfo> GetClusterStatusAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ClusterStatusInfo>(HttpMethod.Get, "/api/v1/cluster/status", null, cancellationToken);

    /// <summary>The last <paramref name="limit"/> scaling events of a pool (1–1,000; 100 by default), oldest first. Needs an API token.</summary>
    /// <exception cref="JobHubValidationException">The pool name is empty or has a '/', or the limit is out of bounds; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">401 without an API token; 404 when there is no such pool.</exception>
    public Task<ImmutableArray<PoolEventInfo>> GetPoolEventsAsync(string pool, int limit = ClusterLimits.DefaultEventLimit, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("pool", string.IsNullOrWhiteSpace(pool) || pool.Contains('/', StringComparison.Ordinal) ? "A pool name is required, without '/'." : null),
            ("limit", limit is >= 1 and <= ClusterLimits.MaxEventLimit ? null : string.Create(CultureInfo.InvariantCulture, $"The number of events must be between 1 and {ClusterLimits.MaxEventLimit} (was {limit}).")));
        var path = string.Create(CultureInfo.InvariantCulture, $"/api/v1/pools/{Uri.EscapeDataString(pool)}/events?limit={limit}");
        return SendAsync<ImmutableArray<PoolEventInfo>>(HttpMethod.Get, path, null, cancellationToken);
    }
}
