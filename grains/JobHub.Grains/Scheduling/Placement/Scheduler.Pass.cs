using System.Globalization;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Requests;
using JobHub.Grains.Scheduling.Status;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>The scheduling pass: fair share picks whose job goes next, bin-packing picks where.</summary>
public sealed partial class Scheduler
{
    /// <summary>
    /// Places what fits now. Owners take turns by fair-share key (least decayed usage first); within an owner, higher
    /// priority first, then submit order; a job that does not fit is skipped so smaller ones behind it may run
    /// (backfill). Returns the placements made.
    /// </summary>
    public IReadOnlyList<PlacedProcess> Schedule()
    {
        var now = _time.GetUtcNow();
        var placed = new List<PlacedProcess>();
        var turns = new PriorityQueue<OwnerQueue, (double Key, string Id)>(ShareKeyOrder.Instance);
        foreach (var owner in _owners.Values)
        {
            if (owner.Waiting.Count > 0)
            {
                turns.Enqueue(owner, (ShareKey(owner, owner.Waiting.Min!, now), owner.Id));
            }
        }

        // Shapes that did not fit this pass (by candidate pools and process size): capacity only shrinks during a
        // pass, so a job needing as much or more is skipped without searching the nodes again.
        var misfits = new Dictionary<(string Pools, ResourceAmount Each), int>();
        while (turns.TryDequeue(out var owner, out _))
        {
            var progressed = false;
            foreach (var job in owner.Waiting.Take(_policy.JobsTriedPerTurn).ToArray())
            {
                if (TryPlace(job, now, placed, misfits) > 0)
                {
                    progressed = true;
                    if (job.Pending.Count == 0)
                    {
                        Dequeue(job);
                    }

                    break;
                }
            }

            if (progressed && owner.Waiting.Count > 0)
            {
                turns.Enqueue(owner, (ShareKey(owner, owner.Waiting.Min!, now), owner.Id));
            }
        }

        return placed;
    }

    /// <summary>The fair-share key of an owner whose next job is <paramref name="job"/>: owner's key plus the weighted key of its heaviest group.</summary>
    private double ShareKey(OwnerQueue owner, ScheduledJob job, DateTimeOffset now)
    {
        var groupKey = 0.0;
        foreach (var group in job.Request.Groups)
        {
            groupKey = Math.Max(groupKey, GroupKey(group, now));
        }

        return OwnerKey(owner, now) + (_policy.GroupShareWeight * groupKey);
    }

    private int TryPlace(ScheduledJob job, DateTimeOffset now, List<PlacedProcess> placed, Dictionary<(string, ResourceAmount), int> misfits)
    {
        if (!job.GangPlaced)
        {
            var gang = job.Pending.Take(job.Request.GangSize).Select(i => job.Request.Processes[i]).ToArray();
            if (!CapsAllow(job, gang.Aggregate(ResourceAmount.Zero, (sum, p) => sum + p.Resources)))
            {
                return 0;
            }

            if (IsKnownMisfit(job, gang[0], gang.Length, misfits))
            {
                return 0;
            }

            var trial = new List<PlacedProcess>(gang.Length);
            for (var i = 0; i < gang.Length; i++)
            {
                if (PlaceProcess(job, gang[i], job.Pending.Count, now) is not { } process)
                {
                    foreach (var undo in trial)
                    {
                        Deallocate(job, undo.Index, _nodes[undo.NodeId], now);
                        job.Pending.Add(undo.Index);
                        Placements--;
                    }

                    NoteMisfit(job, gang[0], gang.Length, misfits);
                    return 0;
                }

                trial.Add(process);
            }

            job.GangPlaced = true;
            job.StartedAt = now;
            placed.AddRange(trial);
            var count = trial.Count;
            if (job.Request.FixedPool)
            {
                // No worker joins a fixed pool after its master starts: the rest go now or never.
                foreach (var index in job.Pending.ToArray())
                {
                    var process = job.Request.Processes[index];
                    if (CapsAllow(job, process.Resources) && PlaceProcess(job, process, job.Pending.Count, now) is { } extra)
                    {
                        placed.Add(extra);
                        count++;
                    }
                    else
                    {
                        job.Pending.Remove(index);
                        job.Dropped.Add(index);
                    }
                }

                return count;
            }

            return count + PlaceElastic(job, now, placed, misfits);
        }

        return PlaceElastic(job, now, placed, misfits);
    }

    private int PlaceElastic(ScheduledJob job, DateTimeOffset now, List<PlacedProcess> placed, Dictionary<(string, ResourceAmount), int> misfits)
    {
        var count = 0;
        foreach (var index in job.Pending.ToArray())
        {
            var process = job.Request.Processes[index];
            if (!CapsAllow(job, process.Resources) || IsKnownMisfit(job, process, 1, misfits))
            {
                break;
            }

            if (PlaceProcess(job, process, job.Pending.Count, now) is not { } placement)
            {
                NoteMisfit(job, process, 1, misfits);
                break;
            }

            placed.Add(placement);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Places one process: on a node the job already uses if one has room (co-location), else on the tightest node
    /// that holds all of the job's remaining processes, else on the emptiest node; pools the job already uses first.
    /// </summary>
    private PlacedProcess? PlaceProcess(ScheduledJob job, ProcessRequest process, int remaining, DateTimeOffset now)
    {
        var pools = job.PoolsFor(process);
        SchedulerNode? best = null;
        foreach (var node in job.Nodes)
        {
            if (node.Free.Holds(process.Resources) && pools.Contains(_pools[node.Pool.Name]) && (best is null || NodeFreeComparer.Instance.Compare(node, best) < 0))
            {
                best = node;
            }
        }

        if (best is null)
        {
            var all = new ResourceAmount(process.Resources.MilliVcpu * remaining, process.Resources.MemoryMiB * remaining, process.Resources.Gpus * remaining);
            foreach (var pool in pools)
            {
                best = pool.BestFit(all) ?? pool.Largest(process.Resources);
                if (best is not null)
                {
                    break;
                }
            }
        }

        return best is null ? null : Allocate(job, process, best, now);
    }

    private PlacedProcess Allocate(ScheduledJob job, ProcessRequest process, SchedulerNode node, DateTimeOffset now)
    {
        var placement = new PlacedProcess(job.JobId, process.Index, node.Id, process.Resources, process.Critical, now);
        _pools[node.Pool.Name].SetFree(node, node.Free - process.Resources);
        node.Add(placement);
        job.PlacedOn[process.Index] = node;
        job.Pending.Remove(process.Index);
        job.NoteNode(node);
        job.ReservedMilliVcpu += process.Resources.MilliVcpu;
        Reserve(job, process.Resources.MilliVcpu, now);
        Placements++;
        return placement;
    }

    private void Deallocate(ScheduledJob job, int index, SchedulerNode node, DateTimeOffset now)
    {
        if (node.Remove(job.JobId, index, now) is not { } process)
        {
            return;
        }

        if (node.State == NodeState.Ready && _pools[node.Pool.Name].Nodes.ContainsKey(node.Id))
        {
            _pools[node.Pool.Name].SetFree(node, node.Free + process.Resources);
        }

        job.PlacedOn[index] = null;
        job.ForgetNodeIfUnused(node);
        job.ReservedMilliVcpu -= process.Resources.MilliVcpu;
        Reserve(job, -process.Resources.MilliVcpu, now);
    }

    private void Reserve(ScheduledJob job, long milliVcpu, DateTimeOffset now)
    {
        Owner(job.Request.Owner).Usage.Reserve(milliVcpu, now);
        foreach (var group in job.Request.Groups)
        {
            Group(group).Reserve(milliVcpu, now);
        }
    }

    private bool CapsAllow(ScheduledJob job, ResourceAmount need)
    {
        var user = job.Request.Owner;
        var owner = Owner(user);
        if (OwnerReservedEverywhere(owner) + need.MilliVcpu > _policy.UserCapMilli(user))
        {
            return Blocked(job, string.Create(CultureInfo.InvariantCulture, $"waiting for the scheduler: user {user} is at its cap of {_policy.UserCapMilli(user) / 1000} vCPU"));
        }

        foreach (var group in job.Request.Groups)
        {
            if (GroupReservedEverywhere(group) + need.MilliVcpu > _policy.GroupCapMilli(group))
            {
                return Blocked(job, string.Create(CultureInfo.InvariantCulture, $"waiting for the scheduler: group {group} is at its cap of {_policy.GroupCapMilli(group) / 1000} vCPU"));
            }
        }

        job.CapBlocked = false;
        return true;
    }

    private static bool Blocked(ScheduledJob job, string detail)
    {
        job.CapBlocked = true;
        job.Reason = new PendingReason(PendingReasonKind.WaitingForScheduler, detail);
        return false;
    }

    private static bool IsKnownMisfit(ScheduledJob job, ProcessRequest process, int count, Dictionary<(string, ResourceAmount), int> misfits)
    {
        if (misfits.TryGetValue((job.CandidateKey + (process.Critical ? "!" : "~"), process.Resources), out var failedCount) && count >= failedCount)
        {
            SetWaitingForNodes(job, process, count);
            return true;
        }

        return false;
    }

    private static void NoteMisfit(ScheduledJob job, ProcessRequest process, int count, Dictionary<(string, ResourceAmount), int> misfits)
    {
        var key = (job.CandidateKey + (process.Critical ? "!" : "~"), process.Resources);
        misfits[key] = misfits.TryGetValue(key, out var known) ? Math.Min(known, count) : count;
        SetWaitingForNodes(job, process, count);
    }

    private static void SetWaitingForNodes(ScheduledJob job, ProcessRequest process, int count) =>
        job.Reason = new PendingReason(
            PendingReasonKind.WaitingForFreeNodes,
            string.Create(CultureInfo.InvariantCulture, $"waiting for free nodes: {count} process(es) of {process.Resources} do not fit on any node now"));
}
