using System.Collections.Immutable;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Autoscaling.Cluster;
using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Diagnostics;
using JobHub.Grains.Scheduling.FairShare;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.State;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A node pool: the <see cref="Scheduler"/> of this one pool (its nodes, the reservations on them, the jobs waiting
/// for room) and its <see cref="ClusterAutoscalerLoop"/> (starting and stopping nodes through the pool's node
/// provider). It never calls a job and waits: a job whose processes a pass placed gets the one-way
/// <see cref="IJobGrain.OnCapacityAvailable"/> and asks again.
/// </summary>
/// <remarks>
/// Every job of the pool passes through this one grain (reserve, release), so it is reentrant and group-commits its
/// state: each request changes the scheduler within one turn (a pass is synchronous; the local provider starts nodes
/// synchronously too) and then waits for a write that includes the change, shared with the requests that came
/// meanwhile. A reservation is durable before its job hears of it. The autoscaler runs after a request that leaves
/// work waiting (so the job's reason already names the scale-up), when a node comes up, and every
/// <c>AutoscalerInterval</c>; the default pool (this host's nodes, no <c>JobHub:NodePools</c>) never scales.
/// </remarks>
[Reentrant]
[GrainType("nodepool")]
internal sealed partial class NodePoolGrain(
    NodeTypeCatalog catalog,
    IEnumerable<INodeProviderFactory> providers,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<NodePoolGrain> logger,
    NodePoolMetrics metrics,
    [PersistentState("nodePool")] IPersistentState<NodePoolState> state) : Grain, INodePoolGrain
{
    private CoalescingStateWriter<NodePoolState> _writer = null!;
    private PoolSpec _pool = null!;
    private Scheduler _scheduler = null!;
    private ClusterAutoscalerLoop? _loop;
    private INodeProvider? _provider;
    private PoolEventLog _events = null!;
    private long _eventsSaved;
    private bool _looping;
    private bool _loopAgain;

    private string PoolName => this.GetPrimaryKeyString();

    /// <summary>Scales: a configured pool. The default pool is this host's nodes, all up, as before pools scaled.</summary>
    private bool Scales => _loop is not null;

    /// <summary>
    /// Rebuilds the scheduler from the state, then wakes every job that holds a reservation or waits (one-way, after
    /// activation): after a silo restart, a job that ended before it could give its reservations back does so when it
    /// reactivates, and a waiting job asks again.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pool = catalog.FindPool(PoolName) ?? throw new InvalidOperationException($"There is no node pool '{PoolName}'.");
        _writer = new CoalescingStateWriter<NodePoolState>(state, Snapshot);
        var options = catalog.PoolsOptions;
        _scheduler = new Scheduler([_pool], SchedulerPolicy.From(options), time);
        _events = new PoolEventLog(options.EventsPerPool);
        if (!catalog.IsDefault)
        {
            var factory = providers.FirstOrDefault(p => string.Equals(p.Name, _pool.Provider, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"Node pool '{PoolName}' names the node provider '{_pool.Provider}', which is not registered.");
            _provider = factory.Create(_pool, new GrainTimeProvider(time, this));
            _loop = new ClusterAutoscalerLoop(_scheduler, new ClusterAutoscaler(time, options.MaxClusterNodes), [_provider], _events, time, loggers.CreateLogger<ClusterAutoscalerLoop>());
            _provider.NodeChanged += (_, change) => _ = AfterNodeChangedAsync(change);
            _loop.NodeRemoved += (_, removal) => OnNodeRemoved(removal);
            _loop.AdmitScaleUp = AdmitScaleUpAsync;
        }

        Restore();
        await RecallUsageAsync();
        if (Scales)
        {
            this.RegisterGrainTimer(_ => AutoscaleAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, options.AutoscalerInterval) { KeepAlive = true });
        }

        this.RegisterGrainTimer(
            _ =>
            {
                RepeatLossNotices();
                return ExchangeUsageAsync();
            },
            options.AutoscalerInterval,
            options.AutoscalerInterval);

        var jobs = state.State.Jobs.Where(j => !j.Placed.IsDefaultOrEmpty).Select(j => j.JobId)
            .Concat(state.State.Reservations.Select(r => r.JobId))
            .Concat(state.State.WaitingJobs)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (jobs.Count > 0)
        {
            this.RegisterGrainTimer(
                async _ =>
                {
                    foreach (var jobId in jobs)
                    {
                        await GrainFactory.GetGrain<IJobGrain>(jobId).OnCapacityAvailable();
                    }
                },
                TimeSpan.Zero,
                Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Hands in the pool's last usage, so that fair share survives the deactivation.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => HandInLastUsageAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<ReservationResult> Reserve(ReservationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Indexes.IsDefaultOrEmpty)
        {
            return new ReservationResult([], null);
        }

        if (!_scheduler.Knows(request.JobId))
        {
            var placement = PlacementFor(request);
            if (_scheduler.Submit(placement) is { Kind: Scheduling.Status.PendingReasonKind.ResourceMisfit } misfit)
            {
                return new ReservationResult([], misfit.Detail);
            }

            _scheduler.Hold(request.JobId, Enumerable.Range(0, placement.Processes.Length).Except(request.Indexes));
        }
        else
        {
            _scheduler.Hold(request.JobId, _scheduler.PendingOf(request.JobId).Except(request.Indexes).ToList());
            _scheduler.Want(request.JobId, request.Indexes);
        }

        var placed = _scheduler.Schedule().ToList();
        if (Scales && _scheduler.PendingOf(request.JobId).Count > 0)
        {
            placed.AddRange(await AutoscaleOnceAsync());
        }

        var wanted = request.Indexes.ToHashSet();
        var mine = _scheduler.PlacementsOf(request.JobId).Where(p => wanted.Contains(p.Index)).Select(p => new ProcessPlacement(p.Index, p.NodeId)).ToImmutableArray();
        var waiting = _scheduler.PendingOf(request.JobId).Any(wanted.Contains);
        var reason = waiting ? WithClusterCap(_scheduler.ReasonFor(request.JobId)?.Detail ?? "waiting for the scheduler: queued") : null;
        await SaveAsync();
        Wake(placed.Select(p => p.JobId).Where(id => !string.Equals(id, request.JobId, StringComparison.Ordinal)));
        LogReserved(logger, PoolName, request.JobId, mine.Length, reason ?? "all placed");
        return new ReservationResult(mine, reason);
    }

    /// <inheritdoc />
    public async Task Release(string jobId, int index)
    {
        if (_scheduler.PlacementsOf(jobId).Any(p => p.Index == index))
        {
            _scheduler.ReleaseProcess(jobId, index);
            await ReleasedAsync();
        }
    }

    /// <inheritdoc />
    public async Task ReleaseJob(string jobId)
    {
        if (_scheduler.Knows(jobId))
        {
            _scheduler.ReleaseJob(jobId);
            await ReleasedAsync();
        }
    }

    /// <summary>After a release: a pass for the waiting jobs, then the state, then the jobs placed are told.</summary>
    private async Task ReleasedAsync()
    {
        var placed = _scheduler.Schedule();
        await SaveAsync();
        Wake(placed.Select(p => p.JobId));
    }

    /// <summary>The timer's run: autoscale, save what changed, tell the jobs placed.</summary>
    private async Task AutoscaleAsync()
    {
        var placed = await AutoscaleOnceAsync();
        if (placed.Count > 0 || _events.Total != _eventsSaved || NodeCount != state.State.Nodes.Count)
        {
            await SaveAsync();
        }

        await ReportNodesAsync();

        Wake(placed.Select(p => p.JobId));
    }

    /// <summary>A node came up (its provider's timer, in this grain's turn): place what waits on it.</summary>
    private async Task AfterNodeChangedAsync(NodeProviderEvent change)
    {
        LogNodeChanged(logger, PoolName, change.NodeId, change.Kind);
        await AutoscaleAsync();
    }

    /// <summary>
    /// A pass, the autoscaler, another pass (a node a provider reports up at once is used in the same run). Runs one
    /// at a time: a request arriving meanwhile asks for one more round instead of running the loop alongside.
    /// </summary>
    private async Task<List<PlacedProcess>> AutoscaleOnceAsync()
    {
        var placed = new List<PlacedProcess>();
        if (_loop is null)
        {
            return placed;
        }

        if (_looping)
        {
            _loopAgain = true;
            return placed;
        }

        _looping = true;
        try
        {
            do
            {
                _loopAgain = false;
                placed.AddRange(_scheduler.Schedule());
                _atClusterCap = false;
                await _loop.RunOnceAsync(CancellationToken.None);
                placed.AddRange(_scheduler.Schedule());
            }
            while (_loopAgain);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // A provider that cannot start a node (all local nodes in use) must not fail the job's request: it waits.
            LogAutoscalerFailed(logger, ex, PoolName);
        }
        finally
        {
            _looping = false;
        }

        return placed;
    }

    private void Wake(IEnumerable<string> jobIds)
    {
        foreach (var jobId in jobIds.Distinct(StringComparer.Ordinal))
        {
            // One-way: the pool never waits for a job, so a job calling the pool cannot deadlock with it.
            _ = GrainFactory.GetGrain<IJobGrain>(jobId).OnCapacityAvailable();
        }
    }

    /// <summary>Waits for a write that includes every change so far (the state is copied from the scheduler as each write starts).</summary>
    private Task SaveAsync() => _writer.WriteAsync();
}
