using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Metrics;
using JobHub.GrainInterfaces.Autoscaling;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Metrics;
using Orleans;

namespace JobHub.Grains.Metrics;

/// <summary>
/// A job's recent metrics, in memory only: they feed live decisions (the process autoscaler) and a user's look at a
/// running job, so losing them with the activation (idle deactivation, silo restart) costs at most one window.
/// </summary>
[GrainType("jobmetrics")]
internal sealed class JobMetricsGrain(TimeProvider time) : Grain, IJobMetricsGrain
{
    private readonly SortedDictionary<string, List<MetricSample>> _series = new(StringComparer.Ordinal);
    private bool _scalerWoken;

    public Task Report(ImmutableArray<MetricReport> reports, bool batch)
    {
        var now = time.GetUtcNow();
        var newNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < reports.Length; i++)
        {
            var prefix = batch ? string.Create(CultureInfo.InvariantCulture, $"samples[{i}].") : string.Empty;
            if (MetricLimits.Problems(reports[i], now, prefix).FirstOrDefault() is { Key: { } field, Value: var problem })
            {
                throw new JobRequestRejectedException(field, problem);
            }

            if (!_series.ContainsKey(reports[i].Name) && newNames.Add(reports[i].Name) && _series.Count + newNames.Count > MetricLimits.MaxNamesPerJob)
            {
                throw new JobRequestRejectedException(
                    prefix + "name",
                    string.Create(CultureInfo.InvariantCulture, $"A job reports at most {MetricLimits.MaxNamesPerJob} metric names; '{reports[i].Name}' would be one more."));
            }
        }

        foreach (var report in reports)
        {
            Add(report.Name, new MetricSample(report.Time ?? now, report.Value));
        }

        if (!_scalerWoken)
        {
            // This activation's first report: the job's scaler may have gone with an earlier one (a restart, a failover);
            // starting it again is one-way and a no-op when it runs (or when the job has no scaler).
            _scalerWoken = true;
            _ = GrainFactory.GetGrain<IJobScalerGrain>(this.GetPrimaryKeyString()).Start();
        }

        return Task.CompletedTask;
    }

    public Task<JobMetrics> Get(string? name, DateTimeOffset? since)
    {
        var series = _series
            .Where(s => name is null || string.Equals(s.Key, name, StringComparison.Ordinal))
            .Select(s => new MetricSeries(s.Key, [.. s.Value.Where(v => since is null || v.Time >= since)]))
            .Where(s => s.Samples.Length > 0);
        return Task.FromResult(new JobMetrics(this.GetPrimaryKeyString(), [.. series]));
    }

    private void Add(string name, MetricSample sample)
    {
        if (!_series.TryGetValue(name, out var samples))
        {
            samples = [];
            _series[name] = samples;
        }

        // Samples stay in time order even when reporters' clocks or batches arrive out of order; equal times keep arrival order.
        var at = samples.Count;
        while (at > 0 && samples[at - 1].Time > sample.Time)
        {
            at--;
        }

        samples.Insert(at, sample);
        if (samples.Count > MetricLimits.MaxSamplesPerName)
        {
            samples.RemoveRange(0, samples.Count - MetricLimits.MaxSamplesPerName);
        }
    }
}
