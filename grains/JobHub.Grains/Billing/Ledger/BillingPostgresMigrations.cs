using JobHub.Grains.Storage;
using JobHub.Storage.Postgres;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// The billing ledger's table in the cluster's PostgreSQL schema, versioned on its own (history table
/// <c>billing_schema_migrations</c>) and applied by each silo at start under the schema's migration lock, so silos
/// starting together create it once. Amounts are <c>numeric(19,6)</c> (exact; sums are numeric too); times UTC ticks;
/// ids and users sort with the "C" collation (ordinal, like the other stores). A trigger refuses every UPDATE, DELETE
/// and TRUNCATE of <c>billing_ledger</c>.
/// </summary>
internal static class BillingPostgresMigrations
{
    /// <summary>The name of the <see cref="JobHubPostgresOptions"/> instance of the ledger.</summary>
    public const string OptionsName = "JobHub.Billing.Postgres";

    public static PostgresMigrationSet Set { get; } = new("billing_schema_migrations",
    [
        new(1, "billing_ledger", """
            CREATE TABLE IF NOT EXISTS billing_ledger (
                job_id         text          COLLATE "C" NOT NULL,
                seq            integer       NOT NULL,
                user_name      text          COLLATE "C" NOT NULL,
                project        text          NULL,
                node_type      text          COLLATE "C" NOT NULL,
                kind           smallint      NOT NULL,
                from_ticks     bigint        NOT NULL,
                to_ticks       bigint        NOT NULL,
                seconds        bigint        NOT NULL,
                amount         numeric(19,6) NOT NULL,
                recorded_ticks bigint        NOT NULL,
                PRIMARY KEY (job_id, seq)
            );
            CREATE INDEX IF NOT EXISTS ix_billing_ledger_by_user ON billing_ledger (user_name, to_ticks) INCLUDE (node_type, job_id, seconds, amount);
            CREATE INDEX IF NOT EXISTS ix_billing_ledger_by_time ON billing_ledger (to_ticks);
            """ + PostgresAppendOnly.Triggers("billing_ledger", "the billing ledger")),
    ]);

    /// <summary>The ledger's options, migrations and connections.</summary>
    public static PostgresTables Tables { get; } = new(OptionsName, Set);
}
