namespace JobHub.Storage.Postgres;

/// <summary>
/// Where a JobHub PostgreSQL provider keeps its tables: a database and a schema in it. Used by clustering, reminders,
/// Orleans' ADO.NET grain storage and (through <see cref="PostgresGrainStorageOptions"/>) the batched grain storage;
/// validated at start by <see cref="JobHubPostgresOptionsValidator"/>.
/// </summary>
/// <remarks>
/// Not sealed on purpose: <see cref="PostgresGrainStorageOptions"/> extends it, so every provider is configured with
/// the same three settings.
/// </remarks>
public class JobHubPostgresOptions
{
    /// <summary>
    /// Npgsql connection string, for example <c>Host=127.0.0.1;Port=5432;Username=jobhub;Password=jobhub;Database=jobhub</c>.
    /// Required; no default. Its <c>Search Path</c> and <c>Command Timeout</c> are replaced by <see cref="Schema"/> and
    /// <see cref="CommandTimeout"/>.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Schema holding the tables; created by the migrations when missing. Default <c>public</c>. A lower-case SQL
    /// identifier. Separate schemas give separate stores in one database (the tests use one per test class).
    /// </summary>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// How long one command may run before Npgsql cancels it. Default 30 seconds; whole seconds, from 1 second to 1 day.
    /// A longer timeout rides out lock waits during a failover; a shorter one fails a stuck silo sooner.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
