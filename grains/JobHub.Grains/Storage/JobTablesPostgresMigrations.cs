using JobHub.Storage.Postgres;

namespace JobHub.Grains.Storage;

/// <summary>
/// The tables of the job logs and the job list in the cluster's PostgreSQL schema, versioned on their own
/// (history table <c>jobs_schema_migrations</c>) and applied like Orleans' tables: by the silo at start, once per
/// process, under the schema's migration lock. Times are UTC ticks (100 ns) in a bigint, as in the SQLite stores, so
/// they round-trip exactly; ids sort with the "C" collation so keyset paging orders them like the other stores (ordinal).
/// </summary>
internal static class JobTablesPostgresMigrations
{
    /// <summary>The name of the <see cref="JobHubPostgresOptions"/> instance of the job tables.</summary>
    public const string OptionsName = "JobHub.Jobs.Postgres";

    public static PostgresMigrationSet Set { get; } = new("jobs_schema_migrations",
    [
        new(1, "job_logs", """
            CREATE TABLE job_log_heads (
                job_id   text   COLLATE "C" NOT NULL PRIMARY KEY,
                last_seq bigint NOT NULL
            );
            CREATE TABLE job_logs (
                job_id       text     COLLATE "C" NOT NULL,
                seq          bigint   NOT NULL,
                time_ticks   bigint   NOT NULL,
                process      text     NOT NULL,
                worker_index integer  NOT NULL,
                stream       integer  NOT NULL,
                text         text     NOT NULL,
                continuation boolean  NOT NULL,
                PRIMARY KEY (job_id, seq)
            );
            """),
        new(2, "job_index", """
            CREATE TABLE job_index (
                job_id          text    COLLATE "C" NOT NULL PRIMARY KEY,
                name            text    NOT NULL,
                owner           text    NOT NULL,
                state           integer NOT NULL,
                reason          text    NOT NULL,
                submitted_ticks bigint  NOT NULL,
                started_ticks   bigint  NULL,
                ended_ticks     bigint  NULL
            );
            CREATE INDEX ix_job_index_by_time ON job_index (submitted_ticks DESC, job_id DESC);
            CREATE INDEX ix_job_index_by_owner ON job_index (owner, submitted_ticks DESC, job_id DESC);
            """),
    ]);

    /// <summary>The job tables' options, migrations and connections.</summary>
    public static PostgresTables Tables { get; } = new(OptionsName, Set);
}
