using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Autoscaling.Cluster;
using Microsoft.Extensions.Logging;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>The pool's part in the cluster-wide node cap (<see cref="IClusterNodeCapGrain"/>).</summary>
internal sealed partial class NodePoolGrain
{
    /// <summary>The node count the cap grain last heard from this pool; −1 before the first report of this activation.</summary>
    private int _reportedNodes = -1;

    /// <summary>Whether the last scale-up asked for was cut short by the cluster's node cap (its jobs' reasons say so).</summary>
    private bool _atClusterCap;

    private IClusterNodeCapGrain Cap => GrainFactory.GetGrain<IClusterNodeCapGrain>(IClusterNodeCapGrain.Key);

    private int NodeCount => _scheduler.NodesOf(_pool.Name).Count;

    /// <summary>
    /// How many of a scale-up's nodes the cluster admits. When the cap grain cannot be asked, none: the work waits for
    /// the next round rather than risk passing the cap.
    /// </summary>
    private async ValueTask<int> AdmitScaleUpAsync(ScaleDecision decision, int nodesNow)
    {
        try
        {
            var admitted = await Cap.Claim(PoolName, nodesNow, decision.Count);
            _reportedNodes = nodesNow + admitted;
            _atClusterCap = admitted < decision.Count;
            return admitted;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogCapUnavailable(logger, ex, PoolName);
            return 0;
        }
    }

    /// <summary>A waiting job's reason, with the cluster's node cap when that is what holds the scale-up back.</summary>
    private string WithClusterCap(string reason) =>
        _atClusterCap && reason.StartsWith("waiting for free nodes", StringComparison.Ordinal)
            ? $"{reason}; no more nodes start: the cluster is at its cap of {catalog.PoolsOptions.MaxClusterNodes} nodes"
            : reason;

    /// <summary>Tells the cap grain the pool's node count when it changed since the last report (nodes stopped or lost).</summary>
    private async Task ReportNodesAsync()
    {
        var nodes = NodeCount;
        if (nodes == _reportedNodes)
        {
            return;
        }

        try
        {
            await Cap.Report(PoolName, nodes);
            _reportedNodes = nodes;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            // The cap grain keeps the higher count meanwhile, which only holds other pools back; the next round reports again.
            LogCapUnavailable(logger, ex, PoolName);
        }
    }

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Pool {Pool}: the cluster node cap grain did not answer; no node is started until it does")]
    private static partial void LogCapUnavailable(ILogger logger, Exception exception, string pool);
}
