using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace JobHub.Runtime.Diagnostics;

/// <summary>
/// The runtime's meter ("JobHub.Runtime") and activity source, plus the running totals that
/// <see cref="RuntimeStatistics"/> reports without a metrics listener attached.
/// </summary>
public sealed class RuntimeInstruments : IDisposable
{
    public const string MeterName = "JobHub.Runtime";

    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, StrongBox> _activationsByType = new();
    private readonly LatencyHistogram _latency = new();
    private long _callCount;
    private long _failureCount;
    private long _timeoutCount;
    private long _created;
    private long _deactivated;

    public RuntimeInstruments(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("jobhub.runtime.calls", "{call}", "Grain calls answered");
        _failures = _meter.CreateCounter<long>("jobhub.runtime.call.failures", "{call}", "Grain calls that ended in an exception or timeout");
        _duration = _meter.CreateHistogram<double>("jobhub.runtime.call.duration", "ms", "Grain call latency, caller's view");
        _meter.CreateObservableUpDownCounter("jobhub.runtime.activations", ObserveActivations, "{activation}", "Live activations by grain type");
    }

    internal void CallCompleted(TimeSpan elapsed, bool failed)
    {
        Interlocked.Increment(ref _callCount);
        _latency.Record(elapsed);
        _calls.Add(1);
        if (_duration.Enabled)
        {
            _duration.Record(elapsed.TotalMilliseconds);
        }

        if (failed)
        {
            Interlocked.Increment(ref _failureCount);
            _failures.Add(1);
        }
    }

    internal void CallTimedOut() => Interlocked.Increment(ref _timeoutCount);

    internal void ActivationCreated(string grainType)
    {
        Interlocked.Increment(ref _created);
        Interlocked.Increment(ref _activationsByType.GetOrAdd(grainType, static _ => new StrongBox()).Value);
    }

    internal void ActivationRemoved(string grainType)
    {
        Interlocked.Increment(ref _deactivated);
        Interlocked.Decrement(ref _activationsByType.GetOrAdd(grainType, static _ => new StrongBox()).Value);
    }

    public RuntimeStatistics Snapshot() => new(
        Interlocked.Read(ref _callCount),
        Interlocked.Read(ref _failureCount),
        Interlocked.Read(ref _timeoutCount),
        _latency.Quantile(0.50).TotalMilliseconds,
        _latency.Quantile(0.99).TotalMilliseconds,
        Interlocked.Read(ref _created),
        Interlocked.Read(ref _deactivated),
        _activationsByType.Where(p => Interlocked.Read(ref p.Value.Value) > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value)));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveActivations() =>
        _activationsByType.Select(p => new Measurement<long>(Interlocked.Read(ref p.Value.Value), new KeyValuePair<string, object?>("grain.type", p.Key)));

    private sealed class StrongBox
    {
        public long Value;
    }
}
