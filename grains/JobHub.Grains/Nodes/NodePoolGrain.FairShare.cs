using JobHub.GrainInterfaces.Nodes;
using Microsoft.Extensions.Logging;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>The pool's part in the cluster's fair share (<see cref="IFairShareGrain"/>): across pools and restarts.</summary>
internal sealed partial class NodePoolGrain
{
    /// <summary>How long a deactivating pool waits to hand in its last usage.</summary>
    private static readonly TimeSpan LastExchangeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Whether the last exchange handed in no usage (so an idle pool stops calling).</summary>
    private bool _sharedNothing = true;

    private IFairShareGrain FairShare => GrainFactory.GetGrain<IFairShareGrain>(IFairShareGrain.Key);

    /// <summary>Takes back the usage this pool handed in before a restart (its reservations were restored already).</summary>
    private async Task RecallUsageAsync()
    {
        try
        {
            _scheduler.AddPastUsage(await FairShare.Recall(PoolName));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            // Fair share then starts from the restored reservations, as it would with no history.
            LogFairShareUnavailable(logger, ex, PoolName);
        }
    }

    /// <summary>
    /// Hands in this pool's usage and takes the other pools' into the scheduler's keys and caps. Runs every
    /// <c>AutoscalerInterval</c> while the pool has usage or waiting jobs, and once more when the pool deactivates.
    /// </summary>
    private async Task ExchangeUsageAsync()
    {
        var here = _scheduler.UsageHere();
        if (here.Count == 0 && _sharedNothing && _scheduler.WaitingJobIds.IsEmpty)
        {
            return;
        }

        try
        {
            _scheduler.SetUsageElsewhere(await FairShare.Exchange(PoolName, [.. here]));
            _sharedNothing = here.Count == 0;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogFairShareUnavailable(logger, ex, PoolName);
        }
    }

    /// <summary>
    /// The last exchange, as the pool deactivates: bounded, because a stopping silo must not wait on a grain that may be
    /// stopping too; what it misses is at most one <c>AutoscalerInterval</c> of usage.
    /// </summary>
    private async Task HandInLastUsageAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ExchangeUsageAsync().WaitAsync(LastExchangeTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or OrleansException)
        {
            LogFairShareUnavailable(logger, ex, PoolName);
        }
    }

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Pool {Pool}: the fair-share grain did not answer; the pool goes on with the usage it knows")]
    private static partial void LogFairShareUnavailable(ILogger logger, Exception exception, string pool);
}
