using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs.Index;
using JobHub.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Jobs;

/// <summary>
/// When the silo starts, activates every job the job list shows as not ended, in the background. A job
/// reconciles as it activates (its processes still there, or lost and handled by its pool kind), so a
/// job that had no reminder yet (see <c>JobsOptions.ReconcileReminderDelay</c>) is not left stuck by a
/// restart. Jobs already active are merely asked for their state.
/// </summary>
/// <remarks>Registered after the runtime's own hosted service, so grains answer by the time it starts.</remarks>
internal sealed partial class JobRecoveryService(IServiceProvider services, ILogger<JobRecoveryService> logger) : IHostedService, IDisposable
{
    private const int PageSize = 500;
    private const int Concurrency = 16;
    private static readonly JobState[] LiveStates = [JobState.Submitted, JobState.Queued, JobState.Starting, JobState.Running];
    private readonly CancellationTokenSource _stopping = new();
    private Task _recovery = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _recovery = Task.Run(() => RecoverAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _recovery.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var index = services.GetRequiredService<IJobIndex>();
        var grains = services.GetRequiredService<IGrainFactory>();
        var woken = 0;
        try
        {
            foreach (var state in LiveStates)
            {
                string? cursor = null;
                do
                {
                    var page = await index.ListAsync(new JobQuery(State: state, Limit: PageSize, Cursor: cursor), cancellationToken).ConfigureAwait(false);
                    await Parallel.ForEachAsync(
                        page.Jobs,
                        new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                        async (job, _) =>
                        {
                            try
                            {
                                await grains.GetGrain<IJobGrain>(job.JobId).Get().ConfigureAwait(false);
                                Interlocked.Increment(ref woken);
                            }
                            catch (Exception ex) when (ex is not OperationCanceledException)
                            {
                                LogJobNotWoken(logger, ex, job.JobId);
                            }
                        }).ConfigureAwait(false);
                    cursor = page.NextCursor;
                }
                while (cursor is not null);
            }

            LogRecovered(logger, woken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception ex)
        {
            LogRecoveryFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 4600, Level = LogLevel.Information, Message = "Job recovery: {Count} jobs the job list shows as not ended were activated")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "Job recovery: job {JobId} could not be activated; it reconciles on its next call")]
    private static partial void LogJobNotWoken(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Error, Message = "Job recovery: the job list could not be read; jobs not ended reconcile on their next call or reminder")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);
}
