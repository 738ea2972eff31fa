namespace JobHub.Runtime.Sql.Options;

/// <summary>
/// Settings of the PostgreSQL providers (grain state, reminders and membership in one database schema).
/// Validated at start by <see cref="PostgresStorageOptionsValidator"/>.
/// </summary>
public sealed class PostgresStorageOptions
{
    /// <summary>
    /// Npgsql connection string, for example <c>Host=127.0.0.1;Port=5432;Username=jobhub;Password=jobhub;Database=jobhub</c>.
    /// Required; no default.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The cluster whose membership rows this silo reads and writes. Default <c>default</c>. Several clusters can
    /// share one database as long as their ids differ.
    /// </summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>
    /// Schema holding the tables; created by the migrations when missing. Default <c>public</c>. A lower-case SQL
    /// identifier. Separate schemas give separate stores in one database (tests use one per test).
    /// </summary>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// How long one command may run before Npgsql cancels it. Default 30 seconds. Whole seconds; at least one.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
