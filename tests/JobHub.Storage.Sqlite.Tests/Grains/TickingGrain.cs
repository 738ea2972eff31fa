namespace JobHub.Storage.Sqlite.Tests.Grains;

[GrainType("ticking")]
public sealed class TickingGrain : Grain, ITickingGrain, IRemindable
{
    public Task StartTickingAsync(TimeSpan period) => this.RegisterOrUpdateReminder("tick", period, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
