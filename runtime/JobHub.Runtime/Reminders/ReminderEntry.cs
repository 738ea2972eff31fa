namespace JobHub.Runtime.Reminders;

/// <summary>
/// A durable reminder: it first fires at <see cref="StartAt"/>, then every <see cref="Period"/>.
/// <see cref="GrainHash"/> is <see cref="GrainId.StableHash"/>, stored so a silo can read the reminders of its ring range.
/// </summary>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period, string? Etag = null)
{
    public uint GrainHash => GrainId.StableHash;
}
