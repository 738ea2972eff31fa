namespace JobHub.Runtime.Reminders;

/// <summary>Durable store of reminders. Rows are addressed by grain id and reminder name.</summary>
public interface IReminderTable
{
    /// <summary>Inserts or replaces a reminder; returns it with its new ETag.</summary>
    Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes a reminder; returns false when it did not exist.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default);

    Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReminderEntry>> ReadAllForGrainAsync(GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the reminders whose <see cref="ReminderEntry.GrainHash"/> lies in the ring range (begin, end].
    /// When begin &gt;= end the range wraps around zero; begin == end means the whole ring.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end, CancellationToken cancellationToken = default);
}
