using System.Globalization;
using JobHub.Grains.Hosting;
using JobHub.Grains.Scheduling.Pools;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>
/// The <c>local</c> node provider: nodes on this host (<see cref="LocalNodesOptions"/>), ids <c>{pool}-1</c> …
/// <c>{pool}-{NodeCount}</c>. The machine is already there, so starting a node hands out the lowest free id and
/// reports it up after <paramref name="startDelay"/> (<see cref="LocalNodesOptions.StartDelay"/>, to try scaling out
/// locally); stopping returns the id. Its pool's <c>MaxNodes</c> must not exceed <c>NodeCount</c>. One instance serves
/// one pool.
/// </summary>
public sealed class LocalNodeProvider(IOptions<LocalNodesOptions> local, TimeProvider time, TimeSpan startDelay) : INodeProvider
{
    /// <summary>The name pools select this provider by.</summary>
    public const string ProviderName = "local";

    private readonly LocalNodesOptions _local = (local ?? throw new ArgumentNullException(nameof(local))).Value;
    private readonly Dictionary<int, ITimer?> _inUse = [];

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public event EventHandler<NodeProviderEvent>? NodeChanged;

    /// <inheritdoc />
    public ValueTask<NodeStart> StartNodeAsync(PoolSpec pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var index = Enumerable.Range(1, _local.NodeCount).FirstOrDefault(i => !_inUse.ContainsKey(i));
        if (index == 0)
        {
            throw new InvalidOperationException($"All {_local.NodeCount} local nodes are in use; set the pool's MaxNodes to at most JobHub:LocalNodes:NodeCount.");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{pool.Name}-{index}");
        var now = time.GetUtcNow();
        _inUse[index] = ReportUpAfter(id, pool.Name, startDelay);
        return ValueTask.FromResult(new NodeStart(id, now + startDelay));
    }

    /// <summary>
    /// Takes back a node a restarted host had started (restored from its state): its id is in use again, and a node
    /// still booting is reported up at <paramref name="expectedReadyAt"/> (at once if that has passed).
    /// </summary>
    public void Adopt(PoolSpec pool, string nodeId, DateTimeOffset? expectedReadyAt)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (IndexOf(pool.Name, nodeId) is not { } index || _inUse.ContainsKey(index))
        {
            return;
        }

        _inUse[index] = expectedReadyAt is { } at ? ReportUpAfter(nodeId, pool.Name, TimeSpan.FromTicks(Math.Max(0, (at - time.GetUtcNow()).Ticks))) : null;
    }

    /// <inheritdoc />
    public ValueTask StopNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        var dash = nodeId.LastIndexOf('-');
        if (dash > 0 && IndexOf(nodeId[..dash], nodeId) is { } index && _inUse.Remove(index, out var timer))
        {
            timer?.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private ITimer ReportUpAfter(string id, string pool, TimeSpan delay) =>
        time.CreateTimer(
            _ => NodeChanged?.Invoke(this, new NodeProviderEvent(id, pool, NodeProviderEventKind.Up, "local node available", time.GetUtcNow())),
            null,
            delay,
            Timeout.InfiniteTimeSpan);

    private int? IndexOf(string pool, string nodeId)
    {
        var prefix = pool + "-";
        return nodeId.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(nodeId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index >= 1 && index <= _local.NodeCount
                ? index
                : null;
    }
}
