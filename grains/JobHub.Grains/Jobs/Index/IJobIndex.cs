using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Jobs.Index;

/// <summary>
/// The job list as a database projection: job grains upsert their summary whenever they save, and
/// lists read the projection instead of asking every grain.
/// </summary>
public interface IJobIndex
{
    /// <summary>Writes (or rewrites) one job's row.</summary>
    Task UpsertAsync(JobSummary summary, CancellationToken cancellationToken = default);

    /// <summary>Newest first (by submit time, then id).</summary>
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default);
}
