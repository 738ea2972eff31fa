namespace JobHub.Runtime.Sql.Migrations;

/// <summary>
/// Ordered migrations of one component that keeps tables in the runtime's PostgreSQL schema (the runtime's own
/// tables, or a feature's such as the job logs). Each set has its own history table, so components version
/// independently; all sets of a schema migrate under one advisory lock, so concurrent silos never race.
/// </summary>
/// <param name="HistoryTable">The table recording the applied versions: a lower-case SQL identifier, unique per set.</param>
/// <param name="Migrations">The steps, versions from 1 upwards.</param>
public sealed record PostgresMigrationSet(string HistoryTable, IReadOnlyList<Migration> Migrations);
