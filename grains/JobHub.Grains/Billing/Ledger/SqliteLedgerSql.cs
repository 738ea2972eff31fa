namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// The SQLite ledger's table. Amounts are whole micro-units in an INTEGER column (<see cref="LedgerAmounts"/>), so SUM is
/// exact 64-bit integer arithmetic (SQLite would sum TEXT or REAL columns as floating point). Times are UTC ticks.
/// The covering index (user, time, ...) answers one user's period from the index alone.
/// </summary>
internal static class SqliteLedgerSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS billing_ledger (
            job_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            user_name TEXT NOT NULL,
            project TEXT NULL,
            node_type TEXT NOT NULL,
            kind INTEGER NOT NULL,
            from_ticks INTEGER NOT NULL,
            to_ticks INTEGER NOT NULL,
            seconds INTEGER NOT NULL,
            amount_micros INTEGER NOT NULL,
            recorded_ticks INTEGER NOT NULL,
            PRIMARY KEY (job_id, seq)) STRICT, WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS billing_ledger_by_user ON billing_ledger (user_name, to_ticks, node_type, job_id, seconds, amount_micros);
        CREATE INDEX IF NOT EXISTS billing_ledger_by_time ON billing_ledger (to_ticks);
        CREATE TRIGGER IF NOT EXISTS billing_ledger_no_update BEFORE UPDATE ON billing_ledger
            BEGIN SELECT RAISE(ABORT, 'the billing ledger is append-only: entries are never updated'); END;
        CREATE TRIGGER IF NOT EXISTS billing_ledger_no_delete BEFORE DELETE ON billing_ledger
            BEGIN SELECT RAISE(ABORT, 'the billing ledger is append-only: entries are never deleted'); END;
        """;

    public const string Insert = """
        INSERT INTO billing_ledger (job_id, seq, user_name, project, node_type, kind, from_ticks, to_ticks, seconds, amount_micros, recorded_ticks)
        VALUES ($job, $seq, $user, $project, $nodeType, $kind, $from, $to, $seconds, $amount, $recorded)
        ON CONFLICT (job_id, seq) DO NOTHING
        """;

    public static string Columns { get; } = LedgerRows.Columns("amount_micros");

    /// <summary>Every column, for copying the table from an earlier release's file.</summary>
    public const string CopiedColumns = "job_id, seq, user_name, project, node_type, kind, from_ticks, to_ticks, seconds, amount_micros, recorded_ticks";
}
