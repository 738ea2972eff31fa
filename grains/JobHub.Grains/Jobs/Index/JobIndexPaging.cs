using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Jobs.Index;

/// <summary>Turns "limit + 1 rows" into a page and the cursor of the next one.</summary>
internal static class JobIndexPaging
{
    public static JobPage Page(List<JobSummary> rowsPlusOne, int limit)
    {
        var more = rowsPlusOne.Count > limit;
        var page = more ? rowsPlusOne.Take(limit).ToImmutableArray() : [.. rowsPlusOne];
        return new JobPage(page, more ? JobListCursor.Encode(page[^1].SubmittedAt, page[^1].JobId) : null);
    }
}
