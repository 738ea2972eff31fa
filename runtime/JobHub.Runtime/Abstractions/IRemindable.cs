namespace JobHub.Runtime;

/// <summary>Grains that register durable reminders implement this to receive their ticks.</summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}
