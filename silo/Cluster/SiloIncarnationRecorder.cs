using JobHub.Runtime;
using JobHub.Runtime.Hosting;

namespace JobHub.Silo.Cluster;

/// <summary>Records this silo's start in the cluster history, and its graceful stop before the runtime stops.</summary>
/// <remarks>Resolves the runtime at start so that options validation runs first (see SiloLifecycleService).</remarks>
internal sealed class SiloIncarnationRecorder(IServiceProvider services) : IHostedService
{
    private bool _started;

    private ISiloHistoryGrain History => services.GetRequiredService<IGrainFactory>().GetGrain<ISiloHistoryGrain>(SiloHistoryGrain.ClusterKey);

    private LocalSiloDetails Silo => services.GetRequiredService<LocalSiloDetails>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var silo = Silo;
        await History.RecordStart(new SiloIncarnation(silo.Name, silo.Address.ToString(), silo.StartTime, StoppedAt: null, silo.Version));
        _started = true;
    }

    // Hosted services stop in reverse order, so this runs while the runtime still serves calls.
    public Task StopAsync(CancellationToken cancellationToken) =>
        _started ? History.RecordStop(Silo.Address.ToString(), services.GetRequiredService<TimeProvider>().GetUtcNow()) : Task.CompletedTask;
}
