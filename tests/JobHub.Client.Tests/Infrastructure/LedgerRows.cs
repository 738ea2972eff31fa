using Microsoft.Data.Sqlite;

namespace JobHub.Client.Tests.Infrastructure;

/// <summary>
/// Puts entries into a running embedded silo's ledger (table <c>billing_ledger</c> in <c>{data}/jobhub.db</c>, as
/// docs/storage.md describes it: times in UTC ticks, amounts in integer micro-units), as a meter would, so the SDK and
/// CLI read real ledger rows through the real API. The silo creates the table; call after it has answered a usage call.
/// </summary>
internal static class LedgerRows
{
    public static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Inserts a usage entry of <paramref name="seconds"/> ending <paramref name="endHours"/> after the start of November 2026.</summary>
    public static async Task InsertAsync(string dataDirectory, string user, string job, int sequence, decimal amount, double endHours, string nodeType = "cpu-small", long seconds = 600)
    {
        var to = November.AddHours(endHours);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "jobhub.db"), Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO billing_ledger (job_id, seq, user_name, project, node_type, kind, from_ticks, to_ticks, seconds, amount_micros, recorded_ticks)
            VALUES ($job, $seq, $user, NULL, $nodeType, 0, $from, $to, $seconds, $amount, $to)
            """;
        command.Parameters.AddWithValue("$job", job);
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$user", user);
        command.Parameters.AddWithValue("$nodeType", nodeType);
        command.Parameters.AddWithValue("$from", to.AddSeconds(-seconds).UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        command.Parameters.AddWithValue("$seconds", seconds);
        command.Parameters.AddWithValue("$amount", decimal.ToInt64(amount * 1_000_000m));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
