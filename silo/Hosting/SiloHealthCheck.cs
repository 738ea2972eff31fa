using JobHub.Runtime;
using JobHub.Silo.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobHub.Silo.Hosting;

/// <summary>Healthy when a grain call round-trips through the runtime (and so its storage has loaded).</summary>
internal sealed class SiloHealthCheck(IGrainFactory grains, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo is stopping.");
        }

        try
        {
            var history = await grains.GetGrain<ISiloHistoryGrain>(SiloHistoryGrain.ClusterKey).GetIncarnations().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"{history.Count} silo incarnations recorded.");
        }
        catch (Exception ex) when (ex is JobHubException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The runtime did not answer.", ex);
        }
    }
}
