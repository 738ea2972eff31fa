using JobHub.Runtime;
using JobHub.Runtime.Hosting;

namespace JobHub.Silo.Cluster;

/// <summary>Records this silo's start in the cluster history, and its graceful stop before the runtime stops.</summary>
/// <remarks>
/// Resolves the runtime at start so that options validation runs first (see SiloLifecycleService).
/// While silos join at the same time their views differ for a moment and the history grain can be
/// active twice; the ETag check refuses the stale write and that activation steps aside, so the
/// record is simply tried again. The history is informative: failing to write it never stops a silo.
/// </remarks>
internal sealed partial class SiloIncarnationRecorder(IServiceProvider services, ILogger<SiloIncarnationRecorder> logger) : IHostedService
{
    private const int Attempts = 5;
    private bool _started;

    private ISiloHistoryGrain History => services.GetRequiredService<IGrainFactory>().GetGrain<ISiloHistoryGrain>(SiloHistoryGrain.ClusterKey);

    private LocalSiloDetails Silo => services.GetRequiredService<LocalSiloDetails>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var silo = Silo;
        await WithRetriesAsync(() => History.RecordStart(new SiloIncarnation(silo.Name, silo.Address.ToString(), silo.StartTime, StoppedAt: null, silo.Version)), cancellationToken);
        _started = true;
    }

    // Hosted services stop in reverse order, so this runs while the runtime still serves calls.
    public Task StopAsync(CancellationToken cancellationToken) =>
        _started
            ? WithRetriesAsync(() => History.RecordStop(Silo.Address.ToString(), services.GetRequiredService<TimeProvider>().GetUtcNow()), cancellationToken)
            : Task.CompletedTask;

    private async Task WithRetriesAsync(Func<Task> record, CancellationToken cancellationToken)
    {
        var time = services.GetRequiredService<TimeProvider>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await record();
                return;
            }
            catch (JobHubException ex) // InconsistentStateException (a stale activation stepped aside), NotOwner, timeouts
            {
                if (attempt == Attempts)
                {
                    LogNotRecorded(logger, ex, Attempts);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), time, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "The silo history could not be updated after {Attempts} attempts; the silo runs on")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, int attempts);
}
