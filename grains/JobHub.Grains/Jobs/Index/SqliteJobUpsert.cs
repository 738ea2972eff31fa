using JobHub.Contracts.Jobs;
using JobHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace JobHub.Grains.Jobs.Index;

/// <summary>A job list row, written (inserted or replaced) by the SQLite file's group-commit writer.</summary>
/// <remarks>
/// A job's row is written at every change of its state, but its owner and submit time (the keys of the list's two
/// indexes) are set once. SQLite rewrites an index entry whenever the UPDATE's SET names one of its columns, even with
/// the same value, so the upsert names only the other columns: a state change then writes one page instead of three.
/// A second statement corrects owner and submit time only for a row whose values differ (none in the product; a
/// replaced row keeps the "upsert" meaning), and writes nothing otherwise.
/// </remarks>
internal sealed class SqliteJobUpsert : SqliteRowKind<JobSummary, bool>
{
    private const string Upsert = """
        INSERT INTO jobs (job_id, name, owner, state, reason, submitted_ticks, started_ticks, ended_ticks)
        VALUES ($id, $name, $owner, $state, $reason, $submitted, $started, $ended)
        ON CONFLICT (job_id) DO UPDATE SET name = excluded.name, state = excluded.state, reason = excluded.reason,
            started_ticks = excluded.started_ticks, ended_ticks = excluded.ended_ticks;
        UPDATE jobs SET owner = $owner, submitted_ticks = $submitted
        WHERE job_id = $id AND (owner IS NOT $owner OR submitted_ticks IS NOT $submitted);
        """;

    public static SqliteJobUpsert Instance { get; } = new();

    public override string Name => "job list";

    public override SqliteCommand Prepare(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Upsert;
        command.Parameters.Add("$id", SqliteType.Text);
        command.Parameters.Add("$name", SqliteType.Text);
        command.Parameters.Add("$owner", SqliteType.Text);
        command.Parameters.Add("$state", SqliteType.Integer);
        command.Parameters.Add("$reason", SqliteType.Text);
        command.Parameters.Add("$submitted", SqliteType.Integer);
        command.Parameters.Add("$started", SqliteType.Integer);
        command.Parameters.Add("$ended", SqliteType.Integer);
        command.Prepare();
        return command;
    }

    public override bool Write(SqliteCommand command, JobSummary item)
    {
        var p = command.Parameters;
        p[0].Value = item.JobId;
        p[1].Value = item.Name;
        p[2].Value = item.Owner;
        p[3].Value = (int)item.State;
        p[4].Value = item.Reason;
        p[5].Value = item.SubmittedAt.UtcTicks;
        p[6].Value = (object?)item.StartedAt?.UtcTicks ?? DBNull.Value;
        p[7].Value = (object?)item.EndedAt?.UtcTicks ?? DBNull.Value;
        command.ExecuteNonQuery();
        return true;
    }
}
