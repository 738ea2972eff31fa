namespace JobHub.Runtime.Tests.Grains;

public interface IReminderGrain : IGrainWithStringKey, IRemindable
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);

    Task<int> ReminderCount();
}
