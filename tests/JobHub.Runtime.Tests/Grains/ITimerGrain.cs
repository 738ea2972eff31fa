namespace JobHub.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);

    Task<int> Ticks();

    Task<int> Overlaps();

    Task Deactivate();
}
