using System.Threading.Channels;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs.Index;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Jobs;

/// <summary>
/// Activates every job the job list shows as not ended, in the background: when the silo becomes active, and on a
/// cluster each time a silo leaves it (run by one silo only, the first active one in address order). A job
/// reconciles as it activates (its processes still there, or lost and handled by its pool kind), so a job
/// that had no reminder yet (see <c>JobsOptions.ReconcileReminderDelay</c>) is not left stuck by a restart
/// or by the death of the silo that hosted it or its processes. At start a job is asked for its state (its
/// activation reconciles); after a silo left, each is asked to reconcile, as live ones may have lost processes.
/// </summary>
/// <remarks>Runs from the silo lifecycle's <see cref="ServiceLifecycleStage.Active"/> stage, so grains answer by then.</remarks>
internal sealed partial class JobRecoveryService(
    IJobIndex index,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<JobRecoveryService> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int PageSize = 500;
    private const int Concurrency = 16;
    private const string StartReason = "silo start";
    private static readonly JobState[] LiveStates = [JobState.Submitted, JobState.Queued, JobState.Starting, JobState.Running];
    private readonly CancellationTokenSource _stopping = new();

    // One pass at a time; requests that arrive during a pass fold into one more pass after it.
    private readonly Channel<string> _passes = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _reconcileRequested; // 1 once a silo left: the next pass asks jobs to reconcile, whatever pass it is
    private Task _recovery = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;

    public void Participate(ISiloLifecycle observer) =>
        observer.Subscribe(nameof(JobRecoveryService), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _passes.Writer.TryWrite(StartReason);
        _recovery = Task.Run(() => RunPassesAsync(_stopping.Token), CancellationToken.None);
        _watch = Task.Run(() => WatchMembershipAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _passes.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_recovery, _watch).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Every survivor sees the same loss; the first active silo alone wakes the jobs, so each is asked once.</summary>
    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        var active = ActiveSilos(membership.CurrentSnapshot);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var now = ActiveSilos(snapshot);
                var lost = active.Where(s => !now.Contains(s)).ToList();
                active = now;
                var first = now.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).FirstOrDefault();
                if (lost.Count > 0 && silo.SiloAddress.Equals(first))
                {
                    Volatile.Write(ref _reconcileRequested, 1);
                    _passes.Writer.TryWrite($"{string.Join(", ", lost)} left the cluster");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private static HashSet<SiloAddress> ActiveSilos(ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)];

    private async Task RunPassesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var why in _passes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var afterSiloLoss = Interlocked.Exchange(ref _reconcileRequested, 0) == 1;
                await RecoverAsync(why, afterSiloLoss, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    /// <remarks>
    /// At start every job activates anew and so reconciles; after a silo left, jobs that stayed active on the
    /// survivors may have lost processes on it too, so each is asked to reconcile (<paramref name="afterSiloLoss"/>).
    /// </remarks>
    private async Task RecoverAsync(string why, bool afterSiloLoss, CancellationToken cancellationToken)
    {
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
                                var grain = grains.GetGrain<IJobGrain>(job.JobId);
                                await (afterSiloLoss ? grain.Reconcile() : grain.Get()).ConfigureAwait(false);
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

            LogRecovered(logger, woken, why);
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

    [LoggerMessage(EventId = 4600, Level = LogLevel.Information, Message = "Job recovery ({Why}): {Count} jobs the job list shows as not ended were activated")]
    private static partial void LogRecovered(ILogger logger, int count, string why);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "Job recovery: job {JobId} could not be activated; it reconciles on its next call")]
    private static partial void LogJobNotWoken(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Error, Message = "Job recovery: the job list could not be read; jobs not ended reconcile on their next call or reminder")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);
}
