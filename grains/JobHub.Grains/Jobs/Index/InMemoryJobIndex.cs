using System.Collections.Concurrent;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Jobs.Index;

/// <summary>The job list in memory (tests); lost with the process.</summary>
public sealed class InMemoryJobIndex : IJobIndex
{
    private readonly ConcurrentDictionary<string, JobSummary> _jobs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task UpsertAsync(JobSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _jobs[summary.JobId] = summary;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = JobListCursor.Decode(query.Cursor);
        var rows = _jobs.Values
            .Where(j => query.Owner is null || j.Owner == query.Owner)
            .Where(j => query.State is null || j.State == query.State)
            .OrderByDescending(j => j.SubmittedAt.UtcTicks).ThenByDescending(j => j.JobId, StringComparer.Ordinal)
            .Where(j => after is null || j.SubmittedAt.UtcTicks < after.Value.SubmittedTicks
                || (j.SubmittedAt.UtcTicks == after.Value.SubmittedTicks && string.CompareOrdinal(j.JobId, after.Value.JobId) < 0))
            .Take(query.Limit + 1)
            .ToList();
        return Task.FromResult(JobIndexPaging.Page(rows, query.Limit));
    }
}
