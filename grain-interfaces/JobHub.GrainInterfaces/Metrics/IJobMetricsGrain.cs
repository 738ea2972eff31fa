using System.Collections.Immutable;
using JobHub.Contracts.Metrics;
using Orleans;

namespace JobHub.GrainInterfaces.Metrics;

/// <summary>
/// The metrics one job reports (key: the job id), kept in memory: at most <see cref="MetricLimits.MaxNamesPerJob"/>
/// names, <see cref="MetricLimits.MaxSamplesPerName"/> samples each (oldest dropped). The API checks who may call.
/// </summary>
[Alias("jobhub.IJobMetricsGrain")]
public interface IJobMetricsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Keeps every report, or none: a bad one, or a new name beyond the limit, throws
    /// <see cref="Jobs.JobRequestRejectedException"/> naming the field (<c>samples[i].name</c> for batch entries).
    /// </summary>
    Task Report(ImmutableArray<MetricReport> reports, bool batch);

    /// <summary>The samples of <paramref name="name"/> (every metric when null) at or after <paramref name="since"/> (all when null).</summary>
    Task<JobMetrics> Get(string? name, DateTimeOffset? since);
}
