using System.Globalization;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>
/// The <c>simulated</c> node provider: a simulation of a cloud with boot times, nodes that never come up and spot
/// interruptions, driven by a <see cref="TimeProvider"/> (a virtual clock in the simulator) and seeded randomness.
/// It also keeps the bill: node-seconds paid from each start to its stop, at least the pool's minimum billing period.
/// </summary>
public sealed class SimulatedNodeProvider : INodeProvider
{
    private readonly SimulatedNodeProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Dictionary<string, SimulatedNode> _nodes = new(StringComparer.Ordinal);
    private long _counter;
    private double _closedNodeSeconds;
    private decimal _closedCost;

    /// <summary>A simulated cloud with these options on this clock.</summary>
    public SimulatedNodeProvider(SimulatedNodeProviderOptions options, TimeProvider time)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _random = new Random(options.Seed);
    }

    /// <inheritdoc />
    public string Name => "simulated";

    /// <inheritdoc />
    public event EventHandler<NodeProviderEvent>? NodeChanged;

    /// <summary>Nodes started and not stopped.</summary>
    public int RunningNodes => _nodes.Count;

    /// <summary>Starts that were set to never come up.</summary>
    public int HungStarts { get; private set; }

    /// <summary>Spot interruptions delivered.</summary>
    public int Interruptions { get; private set; }

    /// <inheritdoc />
    public ValueTask<NodeStart> StartNodeAsync(PoolSpec pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var now = _time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{pool.Name}-{++_counter}");
        var boot = _options.BootTime + (_options.BootJitter * _random.NextDouble());
        var node = new SimulatedNode(id, pool, now);
        _nodes.Add(id, node);
        if (_random.NextDouble() < _options.FailureRate)
        {
            HungStarts++;
        }
        else
        {
            node.Timer = _time.CreateTimer(_ => Up(node), null, boot, Timeout.InfiniteTimeSpan);
        }

        return ValueTask.FromResult(new NodeStart(id, now + _options.BootTime + (_options.BootJitter / 2)));
    }

    /// <inheritdoc />
    public ValueTask StopNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        if (_nodes.Remove(nodeId, out var node))
        {
            Close(node);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Takes a node back now, as a spot interruption would (on any pool: a drill, or a test that must choose the node);
    /// reports it <see cref="NodeProviderEventKind.Interrupted"/>. Call it where the provider's timers run (its host's
    /// turn). An unknown or stopped node is ignored; true when the node was taken.
    /// </summary>
    public bool Interrupt(string nodeId) => _nodes.TryGetValue(nodeId, out var node) && Interrupt(node);

    /// <summary>Node-hours paid so far (running nodes up to now).</summary>
    public double PaidNodeHours()
    {
        var now = _time.GetUtcNow();
        return (_closedNodeSeconds + _nodes.Values.Sum(n => Paid(n, now).TotalSeconds)) / 3600;
    }

    /// <summary>Dollars paid so far (running nodes up to now).</summary>
    public decimal Cost()
    {
        var now = _time.GetUtcNow();
        return _closedCost + _nodes.Values.Sum(n => (decimal)Paid(n, now).TotalHours * n.Pool.PricePerHour);
    }

    private static TimeSpan Paid(SimulatedNode node, DateTimeOffset until)
    {
        var used = until - node.StartedAt;
        return used < node.Pool.MinimumBillingPeriod ? node.Pool.MinimumBillingPeriod : used;
    }

    private void Close(SimulatedNode node)
    {
        node.Timer?.Dispose();
        var paid = Paid(node, _time.GetUtcNow());
        _closedNodeSeconds += paid.TotalSeconds;
        _closedCost += (decimal)paid.TotalHours * node.Pool.PricePerHour;
    }

    private void Up(SimulatedNode node)
    {
        if (!_nodes.ContainsKey(node.Id))
        {
            return;
        }

        node.Timer?.Dispose();
        if (node.Pool.IsSpot && _options.SpotInterruptionsPerNodeHour > 0)
        {
            var hours = -Math.Log(1 - _random.NextDouble()) / _options.SpotInterruptionsPerNodeHour;
            node.Timer = _time.CreateTimer(_ => Interrupt(node), null, TimeSpan.FromHours(hours), Timeout.InfiniteTimeSpan);
        }

        NodeChanged?.Invoke(this, new NodeProviderEvent(node.Id, node.Pool.Name, NodeProviderEventKind.Up, "booted", _time.GetUtcNow()));
    }

    private bool Interrupt(SimulatedNode node)
    {
        if (!_nodes.Remove(node.Id))
        {
            return false;
        }

        Interruptions++;
        Close(node);
        NodeChanged?.Invoke(this, new NodeProviderEvent(node.Id, node.Pool.Name, NodeProviderEventKind.Interrupted, "spot capacity reclaimed by the (simulated) provider", _time.GetUtcNow()));
        return true;
    }

    private sealed class SimulatedNode(string id, PoolSpec pool, DateTimeOffset startedAt)
    {
        public string Id { get; } = id;

        public PoolSpec Pool { get; } = pool;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public ITimer? Timer { get; set; }
    }
}
