using System.Data.Common;
using JobHub.Agent.Processes;

namespace JobHub.Grains.Logs;

/// <summary>Reads log rows of the SQL stores, selected as <see cref="Columns"/>.</summary>
internal static class JobLogRows
{
    public const string Columns = "seq, time_ticks, process, worker_index, stream, text, continuation";

    public static async Task<IReadOnlyList<JobLogEntry>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var entries = new List<JobLogEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new JobLogEntry(
                reader.GetInt64(0),
                new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetInt32(3),
                (LogStreamKind)reader.GetInt32(4),
                reader.GetString(5),
                reader.GetBoolean(6)));
        }

        return entries;
    }
}
