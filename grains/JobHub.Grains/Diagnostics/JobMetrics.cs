using System.Diagnostics.Metrics;
using JobHub.Contracts.Jobs;

namespace JobHub.Grains.Diagnostics;

/// <summary>The job pipeline's instruments (meter <see cref="MeterName"/>), exported with Orleans' own by the silo.</summary>
public sealed class JobMetrics
{
    /// <summary>The meter's name, for an OpenTelemetry <c>AddMeter</c>.</summary>
    public const string MeterName = "JobHub.Jobs";

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _startDelay;
    private readonly Counter<long> _scalerDecisions;

    /// <summary>Creates the instruments on <paramref name="meters"/>.</summary>
    public JobMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("jobhub.jobs.submitted", "{job}", "Jobs accepted.");
        _ended = meter.CreateCounter<long>("jobhub.jobs.ended", "{job}", "Jobs that reached an end state, by state.");
        _startDelay = meter.CreateHistogram<double>("jobhub.jobs.start_delay", "s", "Time from submission until the master runs.");
        _scalerDecisions = meter.CreateCounter<long>("jobhub.jobs.scaler_decisions", "{decision}", "Process autoscaler changes of a job's workers, by direction (up, down).");
    }

    internal void Submitted() => _submitted.Add(1);

    internal void Ended(JobState state) => _ended.Add(1, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));

    internal void Started(TimeSpan delay) => _startDelay.Record(delay.TotalSeconds);

    internal void Scaled(bool up) => _scalerDecisions.Add(1, new KeyValuePair<string, object?>("direction", up ? "up" : "down"));
}
