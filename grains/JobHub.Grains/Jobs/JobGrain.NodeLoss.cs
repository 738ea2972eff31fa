using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;

namespace JobHub.Grains.Jobs;

/// <summary>
/// A node that went away took some of the job's processes with it (its pool decided: the autoscaler stopped it, its
/// provider reported it failed or interrupted; the node killed them). A lost elastic worker is placed again on another
/// node through the job's usual reservation, as the next run of its slot, and this does not count against its restart
/// cap: losing a node is not the worker's failure. A lost master or fixed-pool worker (critical) fails the job with a
/// reason naming the node.
/// </summary>
internal sealed partial class JobGrain
{
    /// <inheritdoc />
    public async Task OnNodeLost(NodeLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (S.Spec is null || S.State.IsTerminal() || loss.Indexes.IsDefaultOrEmpty || !LostHere(loss).Any()
            || S.NodeLosses.Any(l => string.Equals(l.NodeId, loss.NodeId, StringComparison.Ordinal)))
        {
            // Nothing of this job is still placed there, or that loss is being handled already.
            await AcknowledgeNodeLossAsync(loss);
            return;
        }

        // Durable first: a crash while the workers are told leaves the loss for the next reconcile to finish.
        S.NodeLosses.Add(loss);
        await SaveAsync();
        await AcknowledgeNodeLossAsync(loss);
        await HandleNodeLossesAsync();
    }

    /// <summary>Tells the pool the loss is taken note of, so it stops repeating it; if the pool does not answer, it repeats and is told again.</summary>
    private async Task AcknowledgeNodeLossAsync(NodeLoss loss)
    {
        var pool = loss.Pool is { Length: > 0 } named ? named : S.Spec?.NodeType;
        if (string.IsNullOrEmpty(pool))
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<INodePoolGrain>(pool).AcknowledgeNodeLoss(JobId, loss.NodeId);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogNodeLossNotAcknowledged(logger, ex, JobId, loss.NodeId, pool);
        }
    }

    /// <summary>Finishes every node loss the job has heard of (idempotent: each step checks where it stands), then places the workers again.</summary>
    private async Task HandleNodeLossesAsync()
    {
        if (S.NodeLosses.Count == 0)
        {
            return;
        }

        while (S.NodeLosses.Count > 0)
        {
            if (!S.State.IsTerminal())
            {
                await HandleNodeLossAsync(S.NodeLosses[0]);
            }

            S.NodeLosses.RemoveAt(0);
            await SaveAsync();
        }

        if (!S.State.IsTerminal())
        {
            await PlaceOrRetryAsync();
        }
    }

    /// <summary>
    /// The indexes of a loss still placed on its node by this job's record, and placed before the node was removed (a
    /// later placement is on a new node that took the same id).
    /// </summary>
    private IEnumerable<int> LostHere(NodeLoss loss) =>
        loss.Indexes.Where(i => S.Placements.TryGetValue(i, out var node) && string.Equals(node, loss.NodeId, StringComparison.Ordinal)
            && !(loss.At is { } removed && S.ProcessPlacedAt.TryGetValue(i, out var placed) && placed > removed)).Order();

    private async Task HandleNodeLossAsync(NodeLoss loss)
    {
        var lostCritical = new List<int>();
        var relocated = new List<int>();
        foreach (var index in LostHere(loss).ToList())
        {
            var worker = await Worker(index).OnNodeLost(loss.NodeId, loss.Reason);
            Record(worker);
            if (worker.Status == WorkerStatus.Pending)
            {
                // Placed there but never started: it simply goes back to waiting for a node.
                Unplace(index, worker);
                relocated.Add(index);
            }
            else if (index == 0 || !Elastic)
            {
                if (worker.Status == WorkerStatus.Lost)
                {
                    lostCritical.Add(index);
                }
            }
            else if (!S.ScaledDown.Contains(index) && await RelocateAsync(index))
            {
                relocated.Add(index);
            }
        }

        if (relocated.Count > 0)
        {
            NoteNodeLoss(loss, relocated);
        }

        var fixedWorker = lostCritical.Find(i => i > 0);
        if (fixedWorker > 0)
        {
            await EndAsync(JobState.Failed, string.Create(CultureInfo.InvariantCulture, $"worker {fixedWorker} lost: {loss.Reason}; a fixed pool's workers are critical"));
            return;
        }

        // A lost master ends the job here: "master lost: node ... was interrupted (...)".
        await AdvanceAndSaveAsync();
    }

    /// <summary>
    /// An elastic worker lost with its node becomes pending again as the next run of its slot (its restart count kept),
    /// so the next placement asks the pool for it; its lost run's seconds stay charged. False when the worker was not
    /// lost with the node (over before, asked to stop).
    /// </summary>
    private async Task<bool> RelocateAsync(int index)
    {
        var generation = S.Generations.GetValueOrDefault(index) + 1;
        var worker = await Worker(index).Relocate(generation);
        if (worker.Status != WorkerStatus.Pending)
        {
            return false;
        }

        S.Generations[index] = generation;
        KeepEndedWorkerSeconds(S.Workers[index], worker);
        Unplace(index, worker);
        return true;
    }

    /// <summary>Forgets a process's placement (the pool freed it when the node left) and records it waiting.</summary>
    private void Unplace(int index, WorkerInfo pending)
    {
        S.Workers[index] = pending;
        S.Placements.Remove(index);
        S.ProcessPlacedAt.Remove(index);
        S.ReleasedIndexes.Remove(index);
        if (index == 0)
        {
            S.MasterStarted = false;
        }
    }

    /// <summary>
    /// At a reconcile: an elastic worker whose node's exit report said it was lost with its node, while the pool's word
    /// never came (its silo died on the way), is placed again all the same.
    /// </summary>
    private async Task RelocateLostWorkersAsync()
    {
        if (!Elastic || S.State.IsTerminal())
        {
            return;
        }

        var lost = S.Workers.Values
            .Where(w => w.Index > 0 && w.Status == WorkerStatus.Lost && S.Placements.ContainsKey(w.Index) && !S.ScaledDown.Contains(w.Index))
            .ToList();
        var relocated = new List<WorkerInfo>();
        foreach (var worker in lost)
        {
            if (await RelocateAsync(worker.Index))
            {
                relocated.Add(worker);
            }
        }

        // The same step the pool's word would have added (it may still come: nothing is placed there any more).
        foreach (var node in relocated.GroupBy(w => (w.NodeId, Reason: NodeLossReason(w.Reason))))
        {
            NoteNodeLoss(new NodeLoss(node.Key.NodeId ?? string.Empty, node.Key.Reason, [.. node.Select(w => w.Index)]), [.. node.Select(w => w.Index)]);
        }

        if (relocated.Count > 0)
        {
            await SaveAsync();
        }
    }

    /// <summary>The node's reason in a lost worker's reason (<c>lost: node sim-2 was interrupted (...); to be placed again ...</c>).</summary>
    private static string NodeLossReason(string workerReason)
    {
        var reason = workerReason.StartsWith(WorkerGrain.LostPrefix, StringComparison.Ordinal) ? workerReason[WorkerGrain.LostPrefix.Length..] : workerReason;
        var end = reason.IndexOf(WorkerGrain.ToBePlacedAgainSuffix, StringComparison.Ordinal);
        return end >= 0 ? reason[..end] : reason;
    }

    /// <summary>Adds a step to the job's history naming the node and the workers placed again (or adds them to the step of that loss just written).</summary>
    private void NoteNodeLoss(NodeLoss loss, List<int> relocated) =>
        S.LastNodeLossStep = NodeLossSteps.Note(S.History, S.LastNodeLossStep, loss, relocated, S.State, time.GetUtcNow());
}
