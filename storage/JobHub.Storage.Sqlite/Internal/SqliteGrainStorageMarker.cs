namespace JobHub.Storage.Sqlite.Internal;

/// <summary>Records that a SQLite grain storage of this name is registered, so a second registration only adds configuration.</summary>
internal sealed record SqliteGrainStorageMarker(string Name);
