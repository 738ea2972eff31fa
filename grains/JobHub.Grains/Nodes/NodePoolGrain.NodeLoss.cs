using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Placement;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A node that left the pool (the autoscaler stopped it, its provider reported it failed or interrupted) takes its
/// processes with it. The pool is the one that decides a node is gone: it kills what the node runs and tells the jobs.
/// </summary>
internal sealed partial class NodePoolGrain
{
    /// <summary>
    /// In the turn that removed the node: its elastic workers are held rather than placed again by the next pass, so
    /// each is placed again only when its job, having heard of the loss, asks for it (<see cref="Reserve"/>). Then, off
    /// the turn, the node kills its processes and each job is told.
    /// </summary>
    private void OnNodeRemoved(NodeRemoval removal)
    {
        foreach (var job in removal.Requeued.GroupBy(p => p.JobId, StringComparer.Ordinal))
        {
            _scheduler.Hold(job.Key, [.. job.Select(p => p.Index)]);
        }

        _ = LoseNodeAsync(removal);
    }

    /// <summary>
    /// The node kills every process it runs (SIGKILL, no grace: the machine is gone) and reports their exits, after
    /// their last lines are stored; then each job with processes there hears which (one-way). A job fails on a lost
    /// master or fixed-pool worker and places a lost elastic worker again on another node.
    /// </summary>
    private async Task LoseNodeAsync(NodeRemoval removal)
    {
        var reason = string.IsNullOrEmpty(removal.Reason) ? $"node {removal.NodeId} left the pool" : removal.Reason;
        try
        {
            await GrainFactory.GetGrain<INodeGrain>(removal.NodeId).Lose(reason);
        }
        catch (Exception ex)
        {
            // The jobs are told all the same: their workers end as lost, and a process that still reports later is ignored.
            LogNodeLossFailed(logger, ex, PoolName, removal.NodeId);
        }

        foreach (var job in removal.Requeued.Concat(removal.LostCritical).GroupBy(p => p.JobId, StringComparer.Ordinal))
        {
            _ = GrainFactory.GetGrain<IJobGrain>(job.Key).OnNodeLost(new NodeLoss(removal.NodeId, reason, [.. job.Select(p => p.Index).Order()]));
        }
    }
}
