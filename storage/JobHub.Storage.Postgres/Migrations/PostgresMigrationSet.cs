namespace JobHub.Storage.Postgres;

/// <summary>
/// The ordered migrations of one component that keeps tables in a JobHub PostgreSQL schema (Orleans' providers, the
/// batched grain state, or a feature's own tables such as the job logs). Each set has its own history table, so
/// components version independently; every set of a schema migrates under one advisory lock, so concurrent silos
/// never race. Apply one with <see cref="PostgresDatabase.EnsureMigratedAsync(PostgresMigrationSet, CancellationToken)"/>.
/// </summary>
/// <param name="HistoryTable">The table recording the applied versions: a lower-case SQL identifier, unique per set.</param>
/// <param name="Migrations">The steps, versions from 1 upwards (applied in version order).</param>
public sealed record PostgresMigrationSet(string HistoryTable, IReadOnlyList<Migration> Migrations);
