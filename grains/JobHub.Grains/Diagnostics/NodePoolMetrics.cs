using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace JobHub.Grains.Diagnostics;

/// <summary>
/// The node pools' instruments (meter <see cref="MeterName"/>): nodes by state and processes waiting by reason (gauges of
/// what each pool grain on this silo last reported), and scale actions (a counter, by pool and kind).
/// </summary>
public sealed class NodePoolMetrics
{
    /// <summary>The meter's name, for an OpenTelemetry <c>AddMeter</c>.</summary>
    public const string MeterName = "JobHub.NodePools";

    private readonly ConcurrentDictionary<string, PoolFigures> _pools = new(StringComparer.Ordinal);
    private readonly Counter<long> _scaleActions;

    /// <summary>Creates the instruments on <paramref name="meters"/>.</summary>
    public NodePoolMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("jobhub.pool.nodes", ObserveNodes, "{node}", "Nodes of each pool, by state (ready, booting).");
        meter.CreateObservableGauge("jobhub.pool.waiting_processes", ObserveWaiting, "{process}", "Processes waiting to be placed, by pool and reason.");
        _scaleActions = meter.CreateCounter<long>("jobhub.pool.scale_actions", "{action}", "Scaling decisions and node incidents, by pool and kind (scale-up, scale-down, node-replaced, node-failed, node-interrupted).");
    }

    /// <summary>What a pool grain reports after each change (the gauges show the last report of each pool).</summary>
    internal void Report(string pool, int ready, int booting, IReadOnlyDictionary<string, int> waitingByReason) =>
        _pools[pool] = new PoolFigures(ready, booting, waitingByReason);

    /// <summary>A pool grain carried out or recorded a scaling event.</summary>
    internal void ScaleAction(string pool, string kind) =>
        _scaleActions.Add(1, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("kind", kind));

    private IEnumerable<Measurement<int>> ObserveNodes()
    {
        foreach (var (pool, figures) in _pools)
        {
            yield return new Measurement<int>(figures.Ready, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("state", "ready"));
            yield return new Measurement<int>(figures.Booting, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("state", "booting"));
        }
    }

    private IEnumerable<Measurement<int>> ObserveWaiting()
    {
        foreach (var (pool, figures) in _pools)
        {
            foreach (var (reason, count) in figures.WaitingByReason)
            {
                yield return new Measurement<int>(count, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("reason", reason));
            }
        }
    }

    private sealed record PoolFigures(int Ready, int Booting, IReadOnlyDictionary<string, int> WaitingByReason);
}
