namespace JobHub.Runtime.Sql.Migrations;

/// <summary>
/// One schema step. Versions only grow; a released migration is never edited, a change is a new version.
/// Applied steps are recorded in <c>schema_migrations</c>.
/// </summary>
internal sealed record Migration(int Version, string Name, string Sql);
