using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>A queued reminder change, committed by the file's group-commit writer together with grain-state writes.</summary>
internal sealed class PendingReminderWrite : PendingWrite
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _result;

    public PendingReminderWrite(ReminderChange change, string serviceId, string grainKey = "", string reminderName = "")
    {
        Change = change;
        ServiceId = serviceId;
        GrainKey = grainKey;
        ReminderName = reminderName;
    }

    public ReminderChange Change { get; }

    public string ServiceId { get; }

    public string GrainKey { get; }

    public string ReminderName { get; }

    /// <summary>For <see cref="ReminderChange.Upsert"/>: the grain's uniform hash (ring position).</summary>
    public uint GrainHash { get; init; }

    /// <summary>For <see cref="ReminderChange.Upsert"/>: the first due time, UTC ticks.</summary>
    public long StartAtTicks { get; init; }

    /// <summary>For <see cref="ReminderChange.Upsert"/>: the period, in ticks.</summary>
    public long PeriodTicks { get; init; }

    /// <summary>For <see cref="ReminderChange.Remove"/>: the version the row must have.</summary>
    public long ExpectedVersion { get; init; }

    /// <summary>The new version (upsert) or the number of rows deleted (remove, clear).</summary>
    public Task<long> Completion => _completion.Task;

    public override string Description => $"reminder {ReminderName} of grain {GrainKey} ({Change})";

    public override void Apply(SqliteWriterCommands commands, SqliteTransaction transaction, long nowTicks) =>
        _result = commands.Reminders.Apply(this, transaction);

    protected override void Publish() => _completion.TrySetResult(_result);

    protected override void PublishFailure(Exception exception) => _completion.TrySetException(exception);

    protected override void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
