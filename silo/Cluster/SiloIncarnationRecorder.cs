using Orleans.Storage;

namespace JobHub.Silo.Cluster;

/// <summary>Records this silo's start in the cluster history once it is active, and its graceful stop before it stops serving.</summary>
/// <remarks>
/// While silos join at the same time the history grain can briefly be active twice; the ETag check refuses the stale
/// write and Orleans deactivates that activation, so the record is simply tried again. The history is informative:
/// failing to write it never stops a silo.
/// </remarks>
internal sealed partial class SiloIncarnationRecorder(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<SiloIncarnationRecorder> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int Attempts = 5;
    private bool _started;

    private ISiloHistoryGrain History => grains.GetGrain<ISiloHistoryGrain>(SiloHistoryGrain.ClusterKey);

    public void Participate(ISiloLifecycle observer) =>
        observer.Subscribe(nameof(SiloIncarnationRecorder), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var incarnation = new SiloIncarnation(silo.Name, silo.SiloAddress.ToString(), time.GetUtcNow(), StoppedAt: null, SiloVersion.Current);
        await WithRetriesAsync(() => History.RecordStart(incarnation), cancellationToken);
        _started = true;
    }

    // The Active stage stops first, so this runs while grains still answer.
    private Task StopAsync(CancellationToken cancellationToken) =>
        _started ? WithRetriesAsync(() => History.RecordStop(silo.SiloAddress.ToString(), time.GetUtcNow()), cancellationToken) : Task.CompletedTask;

    private async Task WithRetriesAsync(Func<Task> record, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await record();
                return;
            }
            catch (Exception ex) when (ex is InconsistentStateException or OrleansException or TimeoutException)
            {
                if (attempt == Attempts || cancellationToken.IsCancellationRequested)
                {
                    LogNotRecorded(logger, ex, attempt);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "The silo history could not be updated after {Attempts} attempts; the silo runs on")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, int attempts);
}
