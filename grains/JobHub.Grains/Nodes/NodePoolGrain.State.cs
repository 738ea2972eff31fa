using System.Collections.Immutable;
using JobHub.Contracts.Cluster;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Requests;

namespace JobHub.Grains.Nodes;

/// <summary>The pool's state: what the scheduler is rebuilt from, and the snapshot written after each change.</summary>
internal sealed partial class NodePoolGrain
{
    /// <summary>
    /// The scheduler's request for a job: its processes 0..n−1 of one size, the gang the job asked to place together
    /// (<see cref="ReservationRequest.Required"/>), critical processes marked: the master and a fixed pool's workers.
    /// </summary>
    /// <remarks>
    /// Elastic workers are not critical: a node that goes away (stopped by the autoscaler, failed, interrupted) takes
    /// them with it and their job places them again elsewhere (<c>NodePoolGrain.NodeLoss.cs</c>).
    /// </remarks>
    private PlacementRequest PlacementFor(ReservationRequest request) =>
        Build(request.JobId, request.Owner, request.Groups, request.Priority, Math.Max(request.ProcessCount, request.Indexes.Max() + 1), request.PerProcess, Math.Max(1, request.Required), request.FixedPool, request.WorkersOnly);

    /// <remarks>A pool that holds only the job's workers (<paramref name="workersOnly"/>) never places its master: no process of it here is critical.</remarks>
    private PlacementRequest Build(string jobId, string owner, ImmutableArray<string> groups, int priority, int count, ProcessResources perProcess, int gang, bool fixedPool, bool workersOnly)
    {
        var resources = NodeTypeCatalog.AmountOf(perProcess);
        return new PlacementRequest
        {
            JobId = jobId,
            Owner = owner,
            Groups = groups.IsDefault ? [] : groups,
            Priority = Math.Clamp(priority, PlacementRequest.MinPriority, PlacementRequest.MaxPriority),
            Selector = PoolSelector.Named(_pool.Name),
            Processes = [.. Enumerable.Range(0, count).Select(i => new ProcessRequest(i, i == 0 ? WorkerRole.Master : WorkerRole.Worker, resources, Critical: (i == 0 && !workersOnly) || fixedPool))],
            GangSize = Math.Clamp(gang, 1, count),
            FixedPool = fixedPool,
        };
    }

    /// <summary>Rebuilds the scheduler's nodes, jobs and reservations, and the event log, from the state.</summary>
    private void Restore()
    {
        var s = state.State;
        if (catalog.IsDefault)
        {
            foreach (var nodeId in catalog.NodeIds(PoolName))
            {
                _scheduler.AddReadyNode(nodeId, _pool.Name);
            }
        }
        else
        {
            foreach (var node in s.Nodes)
            {
                if (node.Ready)
                {
                    _scheduler.AddReadyNode(node.NodeId, _pool.Name, node.StartedAt);
                }
                else
                {
                    _scheduler.AddBootingNode(node.NodeId, _pool.Name, node.ExpectedReadyAt, node.StartedAt);
                }

                (_provider as LocalNodeProvider)?.Adopt(_pool, node.NodeId, node.Ready ? null : node.ExpectedReadyAt);
            }
        }

        var reservations = s.Reservations.ToLookup(r => r.JobId, StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in s.Jobs)
        {
            known.Add(job.JobId);
            var request = Build(job.JobId, job.Owner, job.Groups, job.Priority, job.ProcessCount, job.PerProcess, job.GangSize, job.FixedPool, job.WorkersOnly);
            var placed = job.Placed.IsDefaultOrEmpty
                ? reservations[job.JobId].Select(r => (r.Index, r.NodeId))
                : job.Placed.SelectMany(p => p.Indexes.Select(index => (index, p.NodeId)));
            _scheduler.Restore(request, job.Pending, placed, job.GangPlaced, job.Dropped);
        }

        // Reservations written before pools kept their jobs: each such job comes back as fully placed.
        foreach (var group in reservations.Where(g => !known.Contains(g.Key)))
        {
            var first = group.First();
            var request = Build(group.Key, string.Empty, [], 0, group.Max(r => r.Index) + 1, first.Resources, 1, fixedPool: false, workersOnly: false);
            _scheduler.Restore(request, [], group.Select(r => (r.Index, r.NodeId)), gangPlaced: true, []);
        }

        foreach (var poolEvent in s.Events)
        {
            _events.Add(new PoolEvent(poolEvent.At, poolEvent.Pool, KindOf(poolEvent.Kind), poolEvent.Count, poolEvent.NodeIds, poolEvent.Reason, poolEvent.CostPerHourChange));
        }

        _eventsSaved = _events.Total;
        _lossNotices.AddRange(s.LossNotices);
    }

    /// <summary>Writes the scheduler's nodes, jobs and reservations, and the events, into the state.</summary>
    private void Snapshot()
    {
        var s = state.State;
        var nodes = _scheduler.NodesOf(_pool.Name);
        s.Nodes = catalog.IsDefault
            ? []
            : [.. nodes.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => new PoolNodeRecord(n.Id, n.State == NodeState.Ready, n.StartedAt, n.ExpectedReadyAt))];
        s.Reservations = [];
        var placed = PlacedByJob(nodes);
        s.Jobs = [.. _scheduler.JobIds.Select(jobId => JobRecord(jobId, placed))];
        s.WaitingJobs = [.. _scheduler.WaitingJobIds];
        s.LossNotices = [.. _lossNotices];
        if (_events.Total != _eventsSaved)
        {
            var kept = _events.Of(_pool.Name);
            foreach (var poolEvent in kept.Skip(Math.Max(0, kept.Count - (int)Math.Min(int.MaxValue, _events.Total - _eventsSaved))))
            {
                metrics.ScaleAction(_pool.Name, KindName(poolEvent.Kind));
            }

            s.Events = [.. kept.Select(Info)];
            _eventsSaved = _events.Total;
        }

        var waiting = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var jobId in s.WaitingJobs)
        {
            var reason = ReasonName(_scheduler.ReasonFor(jobId)?.Kind ?? Scheduling.Status.PendingReasonKind.WaitingForScheduler);
            waiting[reason] = waiting.GetValueOrDefault(reason) + _scheduler.PendingOf(jobId).Count;
        }

        metrics.Report(_pool.Name, nodes.Count(n => n.State == NodeState.Ready), nodes.Count(n => n.State == NodeState.Booting), waiting);
    }

    /// <summary>Every placed process of the pool, by job then node (nodes and indexes in order): one pass over the nodes.</summary>
    private static Dictionary<string, ImmutableArray<PoolPlacement>> PlacedByJob(IReadOnlyCollection<SchedulerNode> nodes)
    {
        var byJob = new Dictionary<string, List<(string NodeId, int Index)>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var process in node.Processes)
            {
                if (!byJob.TryGetValue(process.JobId, out var processes))
                {
                    byJob[process.JobId] = processes = [];
                }

                processes.Add((process.NodeId, process.Index));
            }
        }

        var placed = new Dictionary<string, ImmutableArray<PoolPlacement>>(byJob.Count, StringComparer.Ordinal);
        foreach (var (jobId, processes) in byJob)
        {
            processes.Sort((a, b) => string.CompareOrdinal(a.NodeId, b.NodeId) is var byNode and not 0 ? byNode : a.Index.CompareTo(b.Index));
            var builder = ImmutableArray.CreateBuilder<PoolPlacement>();
            var start = 0;
            for (var i = 1; i <= processes.Count; i++)
            {
                if (i == processes.Count || !string.Equals(processes[i].NodeId, processes[start].NodeId, StringComparison.Ordinal))
                {
                    builder.Add(new PoolPlacement(processes[start].NodeId, [.. processes[start..i].Select(p => p.Index)]));
                    start = i;
                }
            }

            placed[jobId] = builder.DrainToImmutable();
        }

        return placed;
    }

    private PoolJobRecord JobRecord(string jobId, Dictionary<string, ImmutableArray<PoolPlacement>> placed)
    {
        var request = _scheduler.RequestOf(jobId)!;
        return new PoolJobRecord(
            jobId,
            request.Owner,
            request.Groups,
            request.Priority,
            request.Processes.Length,
            ResourcesOf(request.Processes[0].Resources),
            request.GangSize,
            request.FixedPool,
            [.. _scheduler.PendingOf(jobId)],
            _scheduler.IsStarted(jobId),
            [.. _scheduler.DroppedOf(jobId)])
        {
            WorkersOnly = !request.FixedPool && !request.Processes[0].Critical,
            Placed = placed.GetValueOrDefault(jobId, []),
        };
    }

    private static ProcessResources ResourcesOf(ResourceAmount amount) => new(amount.Vcpu, amount.MemoryMiB, amount.Gpus);

    /// <summary>An event as the API shows it.</summary>
    internal static PoolEventInfo Info(PoolEvent poolEvent) =>
        new(poolEvent.At, poolEvent.Pool, KindName(poolEvent.Kind), poolEvent.Count, poolEvent.NodeIds, poolEvent.Reason, poolEvent.CostPerHourChange);

    private static string KindName(PoolEventKind kind) => kind switch
    {
        PoolEventKind.ScaleUp => "scale-up",
        PoolEventKind.ScaleDown => "scale-down",
        PoolEventKind.NodeReplaced => "node-replaced",
        PoolEventKind.NodeFailed => "node-failed",
        PoolEventKind.NodeInterrupted => "node-interrupted",
        _ => kind.ToString(),
    };

    private static PoolEventKind KindOf(string name) =>
        Enum.GetValues<PoolEventKind>().FirstOrDefault(k => string.Equals(KindName(k), name, StringComparison.Ordinal));
}
