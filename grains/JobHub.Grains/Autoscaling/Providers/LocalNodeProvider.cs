using System.Globalization;
using JobHub.Grains.Hosting;
using JobHub.Grains.Scheduling.Pools;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>
/// The <c>local</c> node provider: today's nodes on this host (<see cref="LocalNodesOptions"/>, ids
/// <c>{PoolName}-1</c> … <c>{PoolName}-{NodeCount}</c>). The machine is already there, so starting a node hands out
/// the lowest free id and reports it up after <paramref name="startDelay"/> (to try scaling out locally); stopping
/// returns the id. Its pool's <c>MaxNodes</c> must not exceed <c>NodeCount</c>.
/// </summary>
public sealed class LocalNodeProvider(IOptions<LocalNodesOptions> local, TimeProvider time, TimeSpan startDelay) : INodeProvider
{
    private readonly LocalNodesOptions _local = (local ?? throw new ArgumentNullException(nameof(local))).Value;
    private readonly Dictionary<int, ITimer?> _inUse = [];

    /// <inheritdoc />
    public string Name => "local";

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

        var id = string.Create(CultureInfo.InvariantCulture, $"{_local.PoolName}-{index}");
        var now = time.GetUtcNow();
        _inUse[index] = time.CreateTimer(
            _ => NodeChanged?.Invoke(this, new NodeProviderEvent(id, pool.Name, NodeProviderEventKind.Up, "local node available", time.GetUtcNow())),
            null,
            startDelay,
            Timeout.InfiniteTimeSpan);
        return ValueTask.FromResult(new NodeStart(id, now + startDelay));
    }

    /// <inheritdoc />
    public ValueTask StopNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        var prefix = _local.PoolName + "-";
        if (nodeId.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(nodeId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && _inUse.Remove(index, out var timer))
        {
            timer?.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
