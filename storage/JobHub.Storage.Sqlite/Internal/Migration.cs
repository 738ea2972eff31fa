namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// One schema step. Versions only grow; a released migration is never edited, a change is a new version.
/// The name is recorded with the version and checked on every start, so a file made by another schema is refused.
/// </summary>
/// <param name="Version">Position in the set, from 1.</param>
/// <param name="Name">A short name, recorded with the version.</param>
/// <param name="Sql">The statements, run in the migrating <c>BEGIN IMMEDIATE</c> transaction.</param>
internal sealed record Migration(int Version, string Name, string Sql);
