namespace JobHub.Runtime.Tests.Grains;

/// <summary>An observer told of ticks one-way: the grain does not wait for it.</summary>
public interface ITickObserver : IGrainObserver
{
    [OneWay]
    Task OnTick(string grainKey, int tick);
}
