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

    /// <summary>
    /// Takes back this pool's usage from before a restart (its reservations were restored already): the newer of what
    /// it handed to the fair-share grain and what it kept in its own state as it last deactivated.
    /// </summary>
    private async Task RecallUsageAsync()
    {
        var kept = state.State.LastUsageAt is { } keptAt ? (At: keptAt, Usage: (IReadOnlyList<ShareUsage>)state.State.LastUsage) : default;
        try
        {
            var handedIn = await FairShare.Recall(PoolName);
            if (kept.Usage is null || (handedIn.Length > 0 && handedIn.Max(u => u.At) > kept.At))
            {
                _scheduler.AddPastUsage(handedIn);
                return;
            }
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogFairShareUnavailable(logger, ex, PoolName);
        }

        // Fair share then starts from what the pool kept, or from the restored reservations as with no history.
        _scheduler.AddPastUsage(kept.Usage ?? []);
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
    /// As the pool deactivates: keeps its usage in its own state, then hands it in to the fair-share grain. Both are
    /// bounded by the deactivation's time, and the hand-in by <see cref="LastExchangeTimeout"/> as well, because a
    /// stopping silo may be stopping that grain too; what a crash misses is at most one <c>AutoscalerInterval</c>.
    /// </summary>
    private async Task HandInLastUsageAsync(CancellationToken cancellationToken)
    {
        state.State.LastUsageAt = time.GetUtcNow();
        state.State.LastUsage = [.. _scheduler.UsageHere()];
        try
        {
            await _writer.WriteAsync().WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // Whatever the storage threw, the deactivation goes on; with no time left, the hand-in is not tried.
            LogLastUsageNotKept(logger, ex, PoolName);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }

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

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "Pool {Pool}: could not keep its fair-share usage as it deactivates; after a restart it starts from what it last handed in")]
    private static partial void LogLastUsageNotKept(ILogger logger, Exception exception, string pool);
}
