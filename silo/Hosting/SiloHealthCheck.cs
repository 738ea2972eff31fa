using JobHub.Silo.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobHub.Silo.Hosting;

/// <summary>Healthy when a grain call round-trips through Orleans (and so the grain storage has loaded).</summary>
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
            return HealthCheckResult.Healthy($"{history.Length} silo incarnations recorded.");
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Orleans did not answer.", ex);
        }
    }
}
