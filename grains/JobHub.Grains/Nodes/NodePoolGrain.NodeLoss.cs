using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Placement;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A node that left the pool (the autoscaler stopped it, its provider reported it failed or interrupted) takes its
/// processes with it. The pool is the one that decides a node is gone: it kills what the node runs and tells the jobs.
/// </summary>
/// <remarks>
/// The word to each job is one-way (a pool never waits on a job), so it is kept in the pool's state, written with the
/// removal itself, and sent again every <c>AutoscalerInterval</c> and after a restart until the job acknowledges it
/// (<see cref="AcknowledgeNodeLoss"/>): a notice lost with a silo, or dropped on the way, still arrives.
/// </remarks>
internal sealed partial class NodePoolGrain
{
    /// <summary>Node losses told and not yet acknowledged, saved with the pool's state.</summary>
    private readonly List<PoolLossNotice> _lossNotices = [];

    /// <summary>When each notice was last sent by this activation (a restored one: never).</summary>
    private readonly Dictionary<PoolLossNotice, DateTimeOffset> _lossNoticeSent = [];

    /// <inheritdoc />
    public async Task AcknowledgeNodeLoss(string jobId, string nodeId)
    {
        if (_lossNotices.RemoveAll(n => string.Equals(n.JobId, jobId, StringComparison.Ordinal) && string.Equals(n.Loss.NodeId, nodeId, StringComparison.Ordinal)) > 0)
        {
            foreach (var gone in _lossNoticeSent.Keys.Where(n => !_lossNotices.Contains(n)).ToList())
            {
                _lossNoticeSent.Remove(gone);
            }

            await SaveAsync();
        }
    }

    /// <summary>Sends again each notice not acknowledged within an <c>AutoscalerInterval</c> of its last sending.</summary>
    private void RepeatLossNotices()
    {
        var now = time.GetUtcNow();
        var interval = catalog.PoolsOptions.AutoscalerInterval;
        foreach (var notice in _lossNotices.Where(n => !_lossNoticeSent.TryGetValue(n, out var sent) || now - sent >= interval).ToList())
        {
            LogLossNoticeRepeated(logger, PoolName, notice.Loss.NodeId, notice.JobId);
            Tell(notice);
        }
    }

    private void Tell(PoolLossNotice notice)
    {
        _lossNoticeSent[notice] = time.GetUtcNow();
        _ = GrainFactory.GetGrain<IJobGrain>(notice.JobId).OnNodeLost(notice.Loss);
    }

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

        // Kept in this turn, so the write that saves the removal saves the notices too.
        var reason = string.IsNullOrEmpty(removal.Reason) ? $"node {removal.NodeId} left the pool" : removal.Reason;
        var notices = removal.Requeued.Concat(removal.LostCritical)
            .GroupBy(p => p.JobId, StringComparer.Ordinal)
            .Select(job => new PoolLossNotice(job.Key, new NodeLoss(removal.NodeId, reason, [.. job.Select(p => p.Index).Order()]) { Pool = PoolName, At = time.GetUtcNow() }))
            .ToList();
        _lossNotices.AddRange(notices);
        _ = LoseNodeAsync(removal.NodeId, reason, notices);
    }

    /// <summary>
    /// The node kills every process it runs (SIGKILL, no grace: the machine is gone) and reports their exits, after
    /// their last lines are stored; then each job with processes there hears which (one-way). A job fails on a lost
    /// master or fixed-pool worker and places a lost elastic worker again on another node.
    /// </summary>
    private async Task LoseNodeAsync(string nodeId, string reason, List<PoolLossNotice> notices)
    {
        try
        {
            await GrainFactory.GetGrain<INodeGrain>(nodeId).Lose(reason);
        }
        catch (Exception ex)
        {
            // The jobs are told all the same: their workers end as lost, and a process that still reports later is ignored.
            LogNodeLossFailed(logger, ex, PoolName, nodeId);
        }

        foreach (var notice in notices.Where(_lossNotices.Contains))
        {
            Tell(notice);
        }
    }
}
