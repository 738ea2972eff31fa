using JobHub.Storage.Postgres.Internal;

namespace JobHub.Storage.Postgres;

/// <summary>
/// Our PostgreSQL schema for Orleans' ADO.NET providers (clustering, reminders and grain storage, invariant
/// <c>Npgsql</c>): the tables, and the <c>OrleansQuery</c> rows the providers read their SQL from. Applied by the
/// hosting extensions before the providers start; every statement is guarded, so a second run is harmless.
/// </summary>
public static class OrleansPostgresSchema
{
    /// <summary>The history table of <see cref="Migrations"/>.</summary>
    public const string HistoryTable = "orleans_schema_migrations";

    /// <summary>The migrations, recorded in <see cref="HistoryTable"/>.</summary>
    public static PostgresMigrationSet Migrations { get; } = new(HistoryTable,
    [
        // The providers read "SELECT QueryKey, QueryText FROM OrleansQuery": that name is fixed by Orleans.
        new(1, "orleans_query", """
            CREATE TABLE IF NOT EXISTS orleansquery (
                querykey  text COLLATE "C" NOT NULL PRIMARY KEY,
                querytext text NOT NULL
            );
            """),
        new(2, "orleans_clustering", OrleansClusteringQueries.Tables + OrleansQueryRows.Upsert(OrleansClusteringQueries.Queries)),
        new(3, "orleans_reminders", OrleansReminderQueries.Tables + OrleansQueryRows.Upsert(OrleansReminderQueries.Queries)),
        new(4, "orleans_grain_state", OrleansGrainStateQueries.Tables + OrleansQueryRows.Upsert(OrleansGrainStateQueries.Queries)),
    ]);

    /// <summary>Every query key written to <c>OrleansQuery</c>, in ordinal order.</summary>
    public static IReadOnlyList<string> QueryKeys { get; } =
        OrleansClusteringQueries.Queries.Keys
            .Concat(OrleansReminderQueries.Queries.Keys)
            .Concat(OrleansGrainStateQueries.Queries.Keys)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The ADO.NET invariant the providers are configured with.</summary>
    public const string Invariant = "Npgsql";
}
