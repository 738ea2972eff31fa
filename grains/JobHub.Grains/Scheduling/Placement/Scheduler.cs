using System.Collections.Immutable;
using JobHub.Grains.Scheduling.FairShare;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Requests;
using JobHub.Grains.Scheduling.Status;

namespace JobHub.Grains.Scheduling.Placement;

/// <summary>
/// Places jobs' processes on nodes: bin-packing with co-location, constraints, gang placement for fixed pools, fair
/// share across users and groups, caps and priorities. Single-threaded (a grain hosts it); all state in memory.
/// </summary>
public sealed partial class Scheduler
{
    private readonly Dictionary<string, PoolIndex> _pools = new(StringComparer.Ordinal);
    private readonly ImmutableArray<PoolSpec> _poolSpecs;
    private readonly Dictionary<string, SchedulerNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScheduledJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OwnerQueue> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DecayingUsage> _groups = new(StringComparer.Ordinal);
    private readonly SchedulerPolicy _policy;
    private readonly TimeProvider _time;
    private long _sequence;

    /// <summary>A scheduler over <paramref name="pools"/> (no nodes yet).</summary>
    public Scheduler(IEnumerable<PoolSpec> pools, SchedulerPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pools);
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _poolSpecs = [.. pools];
        foreach (var pool in _poolSpecs)
        {
            _pools.Add(pool.Name, new PoolIndex(pool));
        }
    }

    /// <summary>The pools.</summary>
    public ImmutableArray<PoolSpec> Pools => _poolSpecs;

    /// <summary>Processes placed since the start (each placement once, re-placements counted again).</summary>
    public long Placements { get; private set; }

    /// <summary>Capacity reserved on ready nodes of every pool.</summary>
    public ResourceAmount Reserved => _pools.Values.Aggregate(ResourceAmount.Zero, (sum, pool) => sum + pool.Reserved);

    /// <summary>Jobs known (waiting or placed).</summary>
    public int JobCount => _jobs.Count;

    /// <summary>The nodes of a pool (booting and ready).</summary>
    public IReadOnlyCollection<SchedulerNode> NodesOf(string pool) => _pools[pool].Nodes.Values;

    /// <summary>The node of that id, or null.</summary>
    public SchedulerNode? FindNode(string nodeId) => _nodes.GetValueOrDefault(nodeId);

    /// <summary>
    /// Accepts a job into the queue, or refuses it as a resource misfit (nothing is queued then). Submitting a job id
    /// again answers its current reason and changes nothing.
    /// </summary>
    public PendingReason? Submit(PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_jobs.TryGetValue(request.JobId, out var known))
        {
            return known.Pending.Count == 0 ? null : ReasonWithEta(known);
        }

        Validate(request);
        if (MisfitCheck.Check(request, _poolSpecs) is { } misfit)
        {
            return new PendingReason(PendingReasonKind.ResourceMisfit, misfit);
        }

        var job = NewJob(request);
        _jobs.Add(job.JobId, job);
        Enqueue(job);
        return job.Reason;
    }

    /// <summary>Why the job waits (with the ETA of a scale-up in progress); null when it is fully placed or unknown.</summary>
    public PendingReason? ReasonFor(string jobId) =>
        _jobs.TryGetValue(jobId, out var job) && job.Pending.Count > 0 ? ReasonWithEta(job) : null;

    /// <summary>Where each placed process of a job runs.</summary>
    public IReadOnlyList<PlacedProcess> PlacementsOf(string jobId) =>
        _jobs.TryGetValue(jobId, out var job)
            ? [.. job.Nodes.SelectMany(n => n.Processes).Where(p => string.Equals(p.JobId, jobId, StringComparison.Ordinal)).OrderBy(p => p.Index)]
            : [];

    /// <summary>True when the job's gang (its master, and a fixed pool's minimum workers) is placed: it may start.</summary>
    public bool IsStarted(string jobId) => _jobs.TryGetValue(jobId, out var job) && job.GangPlaced;

    /// <summary>Fixed-pool workers dropped because they did not fit when their gang was placed.</summary>
    public IReadOnlyList<int> DroppedOf(string jobId) => _jobs.TryGetValue(jobId, out var job) ? job.Dropped : [];

    /// <summary>Frees everything a job holds and forgets it (it ended or was cancelled).</summary>
    public void ReleaseJob(string jobId)
    {
        if (!_jobs.Remove(jobId, out var job))
        {
            return;
        }

        var now = _time.GetUtcNow();
        for (var index = 0; index < job.PlacedOn.Length; index++)
        {
            if (job.PlacedOn[index] is { } node)
            {
                Deallocate(job, index, node, now);
            }
        }

        Dequeue(job);
    }

    /// <summary>Frees one process (an elastic worker that exited, or one stopped by the process autoscaler); it is not placed again.</summary>
    public void ReleaseProcess(string jobId, int index)
    {
        if (_jobs.TryGetValue(jobId, out var job) && index >= 0 && index < job.PlacedOn.Length && job.PlacedOn[index] is { } node)
        {
            Deallocate(job, index, node, _time.GetUtcNow());
        }
    }

    /// <summary>Adds a node its provider is starting; it holds nothing until <see cref="MarkReady"/>; <paramref name="startedAt"/> for one restored from state.</summary>
    public SchedulerNode AddBootingNode(string nodeId, string pool, DateTimeOffset expectedReadyAt, DateTimeOffset? startedAt = null)
    {
        var node = new SchedulerNode(nodeId, _pools[pool].Spec, NodeState.Booting, startedAt ?? _time.GetUtcNow(), expectedReadyAt);
        _nodes.Add(nodeId, node);
        _pools[pool].Add(node);
        return node;
    }

    /// <summary>Adds a node that is already up (for example a local node); <paramref name="startedAt"/> for one restored from state.</summary>
    public SchedulerNode AddReadyNode(string nodeId, string pool, DateTimeOffset? startedAt = null)
    {
        var now = _time.GetUtcNow();
        var node = new SchedulerNode(nodeId, _pools[pool].Spec, NodeState.Ready, startedAt ?? now, now);
        _nodes.Add(nodeId, node);
        _pools[pool].Add(node);
        return node;
    }

    /// <summary>A booting node came up: processes may be placed on it.</summary>
    public void MarkReady(string nodeId)
    {
        if (_nodes.TryGetValue(nodeId, out var node) && node.State == NodeState.Booting)
        {
            node.ExpectedReadyAt = _time.GetUtcNow();
            _pools[node.Pool.Name].MarkReady(node);
        }
    }

    /// <summary>
    /// Removes a node (stopped, failed or interrupted): its elastic workers wait to be placed again, its critical
    /// processes are reported lost (the caller fails their jobs).
    /// </summary>
    public NodeRemoval RemoveNode(string nodeId)
    {
        if (!_nodes.Remove(nodeId, out var node))
        {
            return new NodeRemoval(nodeId, [], []);
        }

        var now = _time.GetUtcNow();
        var requeued = ImmutableArray.CreateBuilder<PlacedProcess>();
        var lost = ImmutableArray.CreateBuilder<PlacedProcess>();
        foreach (var process in node.Processes.OrderBy(p => p.JobId, StringComparer.Ordinal).ThenBy(p => p.Index).ToArray())
        {
            var job = _jobs[process.JobId];
            Deallocate(job, process.Index, node, now);
            if (process.Critical)
            {
                lost.Add(process);
                continue;
            }

            requeued.Add(process);
            job.Pending.Add(process.Index);
            job.Reason = new PendingReason(PendingReasonKind.WaitingForScheduler, $"waiting for the scheduler: rescheduling after node {nodeId} left");
            Enqueue(job);
        }

        _pools[node.Pool.Name].Remove(node);
        return new NodeRemoval(nodeId, requeued.ToImmutable(), lost.ToImmutable());
    }

    private static void Validate(PlacementRequest request)
    {
        if (request.Processes.IsDefaultOrEmpty || request.Processes.Length > PlacementRequest.MaxProcesses)
        {
            throw new ArgumentException($"A job has 1 to {PlacementRequest.MaxProcesses} processes.", nameof(request));
        }

        for (var i = 0; i < request.Processes.Length; i++)
        {
            if (request.Processes[i].Index != i)
            {
                throw new ArgumentException("Processes are listed by index, from 0.", nameof(request));
            }
        }

        if (request.GangSize < 1 || request.GangSize > request.Processes.Length)
        {
            throw new ArgumentException("GangSize is between 1 and the number of processes.", nameof(request));
        }

        if (request.Priority is < PlacementRequest.MinPriority or > PlacementRequest.MaxPriority)
        {
            throw new ArgumentException($"Priority is between {PlacementRequest.MinPriority} and {PlacementRequest.MaxPriority}.", nameof(request));
        }
    }

    /// <summary>A job record for <paramref name="request"/>, next in submit order, with the pools that may hold its critical and other processes.</summary>
    private ScheduledJob NewJob(PlacementRequest request)
    {
        var matching = _poolSpecs.Where(request.Selector.Matches).ToArray();
        return new ScheduledJob(
            request,
            ++_sequence,
            _time.GetUtcNow(),
            [.. MisfitCheck.CandidatePools(matching, critical: true).Select(p => _pools[p.Name])],
            [.. MisfitCheck.CandidatePools(matching, critical: false).Select(p => _pools[p.Name])]);
    }

    private OwnerQueue Owner(string user)
    {
        if (!_owners.TryGetValue(user, out var owner))
        {
            owner = new OwnerQueue(user, new DecayingUsage(_policy.HalfLife, _time.GetUtcNow()));
            _owners.Add(user, owner);
        }

        return owner;
    }

    private DecayingUsage Group(string group)
    {
        if (!_groups.TryGetValue(group, out var usage))
        {
            usage = new DecayingUsage(_policy.HalfLife, _time.GetUtcNow());
            _groups.Add(group, usage);
        }

        return usage;
    }

    private void Enqueue(ScheduledJob job)
    {
        if (!job.Queued && job.Pending.Count > 0)
        {
            Owner(job.Request.Owner).Waiting.Add(job);
            job.Queued = true;
        }
    }

    private void Dequeue(ScheduledJob job)
    {
        if (job.Queued)
        {
            Owner(job.Request.Owner).Waiting.Remove(job);
            job.Queued = false;
        }
    }
}
