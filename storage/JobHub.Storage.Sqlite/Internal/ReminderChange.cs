namespace JobHub.Storage.Sqlite.Internal;

/// <summary>What a <see cref="PendingReminderWrite"/> does.</summary>
internal enum ReminderChange
{
    /// <summary>Insert or replace; the result is the new row version.</summary>
    Upsert,

    /// <summary>Delete if the version matches; the result is the number of rows deleted.</summary>
    Remove,

    /// <summary>Delete every reminder of the service; the result is the number of rows deleted.</summary>
    ClearService,
}
