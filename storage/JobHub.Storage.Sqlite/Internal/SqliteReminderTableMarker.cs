namespace JobHub.Storage.Sqlite.Internal;

/// <summary>Records that the SQLite reminder table is registered, so a second registration only adds configuration.</summary>
internal sealed class SqliteReminderTableMarker;
