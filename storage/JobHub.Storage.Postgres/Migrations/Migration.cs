namespace JobHub.Storage.Postgres;

/// <summary>
/// One schema step of a <see cref="PostgresMigrationSet"/>. Versions only grow; a released step is never edited, a
/// change is a new version. Write each statement so that running it again is harmless (<c>IF NOT EXISTS</c>,
/// <c>ON CONFLICT</c>): the history table already makes a step run once, the guards make a half-restored database safe.
/// </summary>
/// <param name="Version">Position in its set, from 1; unique within the set.</param>
/// <param name="Name">A short name, recorded with the version in the set's history table.</param>
/// <param name="Sql">The statements, run in the migrating transaction with <c>search_path</c> set to the schema.</param>
public sealed record Migration(int Version, string Name, string Sql);
