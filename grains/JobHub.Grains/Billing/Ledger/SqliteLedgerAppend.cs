using JobHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>A ledger entry, appended by the SQLite file's group-commit writer; false when the entry was already there.</summary>
internal sealed class SqliteLedgerAppend : SqliteRowKind<LedgerEntry, bool>
{
    public static SqliteLedgerAppend Instance { get; } = new();

    public override string Name => "billing ledger";

    public override SqliteCommand Prepare(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = SqliteLedgerSql.Insert;
        command.Parameters.Add("$job", SqliteType.Text);
        command.Parameters.Add("$seq", SqliteType.Integer);
        command.Parameters.Add("$user", SqliteType.Text);
        command.Parameters.Add("$project", SqliteType.Text);
        command.Parameters.Add("$nodeType", SqliteType.Text);
        command.Parameters.Add("$kind", SqliteType.Integer);
        command.Parameters.Add("$from", SqliteType.Integer);
        command.Parameters.Add("$to", SqliteType.Integer);
        command.Parameters.Add("$seconds", SqliteType.Integer);
        command.Parameters.Add("$amount", SqliteType.Integer);
        command.Parameters.Add("$recorded", SqliteType.Integer);
        command.Prepare();
        return command;
    }

    public override bool Write(SqliteCommand command, LedgerEntry item)
    {
        var p = command.Parameters;
        p[0].Value = item.JobId;
        p[1].Value = item.Sequence;
        p[2].Value = item.User;
        p[3].Value = (object?)item.Project ?? DBNull.Value;
        p[4].Value = item.NodeType;
        p[5].Value = (int)item.Kind;
        p[6].Value = item.From.UtcTicks;
        p[7].Value = item.To.UtcTicks;
        p[8].Value = item.Seconds;
        p[9].Value = LedgerAmounts.ToMicros(item.Amount);
        p[10].Value = item.RecordedAt.UtcTicks;
        return command.ExecuteNonQuery() == 1;
    }
}
