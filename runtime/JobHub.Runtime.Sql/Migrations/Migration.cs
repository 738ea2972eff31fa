namespace JobHub.Runtime.Sql.Migrations;

/// <summary>
/// One schema step. Versions only grow; a released migration is never edited, a change is a new version.
/// Applied steps are recorded in the history table of the set they belong to.
/// </summary>
/// <param name="Version">Position in its set, from 1.</param>
/// <param name="Name">A short name, recorded with the version.</param>
/// <param name="Sql">The statements, run in the migrating transaction with <c>search_path</c> set to the schema.</param>
public sealed record Migration(int Version, string Name, string Sql);
