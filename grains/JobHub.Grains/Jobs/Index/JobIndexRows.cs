using System.Data.Common;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Jobs.Index;

/// <summary>Reads job list rows of the SQL indexes, selected as <see cref="Columns"/>, into a page.</summary>
internal static class JobIndexRows
{
    public const string Columns = "job_id, name, owner, state, reason, submitted_ticks, started_ticks, ended_ticks";

    public static async Task<JobPage> ReadPageAsync(DbDataReader reader, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<JobSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new JobSummary(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (JobState)reader.GetInt32(3),
                reader.GetString(4),
                Time(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : Time(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : Time(reader.GetInt64(7))));
        }

        return JobIndexPaging.Page(rows, limit);
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
