namespace JobHub.Runtime.Tests.Grains;

public sealed class ReminderGrain(LifecycleLog log) : Grain, IReminderGrain
{
    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public Task Unregister(string name) => UnregisterReminder(name);

    public async Task<int> ReminderCount() => (await GetReminders()).Count;

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Events.Enqueue($"reminder:{GetPrimaryKeyString()}:{reminderName}");
        return Task.CompletedTask;
    }
}
