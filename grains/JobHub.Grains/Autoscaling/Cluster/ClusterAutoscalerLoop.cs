using System.Collections.Immutable;
using System.Globalization;
using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Scheduling.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Grains.Autoscaling.Cluster;

/// <summary>
/// Carries out the autoscaler's decisions through the pools' node providers, keeps the scheduler's nodes in step
/// with what the providers report, and records every decision and incident as a pool event. Single-threaded, like
/// the scheduler it drives (the node pool grain will host both).
/// </summary>
public sealed partial class ClusterAutoscalerLoop
{
    private readonly Scheduler _scheduler;
    private readonly ClusterAutoscaler _autoscaler;
    private readonly IReadOnlyDictionary<string, INodeProvider> _providers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Wires the scheduler, the autoscaler and the providers (by name) together; logs each event when given a logger.</summary>
    public ClusterAutoscalerLoop(Scheduler scheduler, ClusterAutoscaler autoscaler, IEnumerable<INodeProvider> providers, PoolEventLog events, TimeProvider time, ILogger<ClusterAutoscalerLoop>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _autoscaler = autoscaler ?? throw new ArgumentNullException(nameof(autoscaler));
        ArgumentNullException.ThrowIfNull(providers);
        _providers = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Events = events ?? throw new ArgumentNullException(nameof(events));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        foreach (var provider in _providers.Values)
        {
            provider.NodeChanged += OnNodeChanged;
        }
    }

    /// <summary>
    /// Raised when a node left, with the processes it held (elastic ones wait again; critical ones are lost) and why; also
    /// for a node that held none, so its host can make sure nothing of it runs on.
    /// </summary>
    public event EventHandler<NodeRemoval>? NodeRemoved;

    /// <summary>Every pool's events.</summary>
    public PoolEventLog Events { get; }

    /// <summary>Scale-up and scale-down decisions carried out (replacements not counted).</summary>
    public int ScaleActions { get; private set; }

    /// <summary>
    /// Asked before a scale-up starts nodes, with the pool's node count now: how many of the decision's nodes may start
    /// (a cap this loop cannot see, such as the cluster-wide node cap over pools hosted apart). Null allows them all.
    /// </summary>
    public Func<ScaleDecision, int, ValueTask<int>>? AdmitScaleUp { get; set; }

    /// <summary>Decides and acts once; returns the decisions carried out (a scale-up with the nodes admitted).</summary>
    public async ValueTask<IReadOnlyList<ScaleDecision>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var decisions = new List<ScaleDecision>();
        foreach (var decided in _autoscaler.Decide(_scheduler))
        {
            var decision = decided;
            var pool = _scheduler.Pools.First(p => string.Equals(p.Name, decision.Pool, StringComparison.Ordinal));
            var provider = _providers[pool.Provider];
            if (decision.Kind == PoolEventKind.ScaleUp && AdmitScaleUp is { } admit)
            {
                var admitted = Math.Clamp(await admit(decision, _scheduler.NodesOf(pool.Name).Count), 0, decision.Count);
                if (admitted == 0)
                {
                    continue;
                }

                if (admitted < decision.Count)
                {
                    decision = decision with
                    {
                        Count = admitted,
                        Reason = string.Create(CultureInfo.InvariantCulture, $"{decision.Reason}; the cluster's node cap admits {admitted} of {decision.Count}"),
                        CostPerHourChange = admitted * pool.PricePerHour,
                    };
                }
            }

            decisions.Add(decision);
            var nodeIds = decision.NodeIds;
            switch (decision.Kind)
            {
                case PoolEventKind.ScaleUp:
                    var started = ImmutableArray.CreateBuilder<string>(decision.Count);
                    for (var i = 0; i < decision.Count; i++)
                    {
                        var start = await provider.StartNodeAsync(pool, cancellationToken);
                        _scheduler.AddBootingNode(start.NodeId, pool.Name, start.ExpectedReadyAt);
                        started.Add(start.NodeId);
                    }

                    nodeIds = started.MoveToImmutable();
                    ScaleActions++;
                    break;
                case PoolEventKind.ScaleDown:
                    foreach (var nodeId in decision.NodeIds)
                    {
                        Removed(_scheduler.RemoveNode(nodeId), $"node {nodeId} was stopped by the autoscaler (scale-down of pool {pool.Name})");
                        await provider.StopNodeAsync(nodeId, cancellationToken);
                    }

                    ScaleActions++;
                    break;
                case PoolEventKind.NodeReplaced:
                    var old = decision.NodeIds[0];
                    Removed(_scheduler.RemoveNode(old), $"node {old} was replaced (not up within the provisioning timeout of pool {pool.Name})");
                    await provider.StopNodeAsync(old, cancellationToken);
                    var replacement = await provider.StartNodeAsync(pool, cancellationToken);
                    _scheduler.AddBootingNode(replacement.NodeId, pool.Name, replacement.ExpectedReadyAt);
                    nodeIds = [old, replacement.NodeId];
                    break;
                default:
                    break;
            }

            Record(new PoolEvent(_time.GetUtcNow(), decision.Pool, decision.Kind, decision.Count, nodeIds, decision.Reason, decision.CostPerHourChange));
        }

        return decisions;
    }

    private void OnNodeChanged(object? sender, NodeProviderEvent change)
    {
        if (_scheduler.FindNode(change.NodeId) is not { } node)
        {
            return;
        }

        if (change.Kind == NodeProviderEventKind.Up)
        {
            _scheduler.MarkReady(change.NodeId);
            return;
        }

        var kind = change.Kind == NodeProviderEventKind.Interrupted ? PoolEventKind.NodeInterrupted : PoolEventKind.NodeFailed;
        var why = change.Kind == NodeProviderEventKind.Interrupted ? "was interrupted" : "failed";
        Removed(_scheduler.RemoveNode(change.NodeId), $"node {change.NodeId} {why} ({change.Reason})");
        Record(new PoolEvent(change.At, node.Pool.Name, kind, 1, [change.NodeId], change.Reason, -node.Pool.PricePerHour));
    }

    private void Record(PoolEvent poolEvent)
    {
        Events.Add(poolEvent);
        LogPoolEvent(_logger, poolEvent.Pool, poolEvent.Kind, poolEvent.Count, string.Join(',', poolEvent.NodeIds), poolEvent.Reason, poolEvent.CostPerHourChange);
    }

    private void Removed(NodeRemoval removal, string reason) => NodeRemoved?.Invoke(this, removal with { Reason = reason });
}
