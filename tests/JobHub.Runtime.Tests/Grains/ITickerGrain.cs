namespace JobHub.Runtime.Tests.Grains;

public interface ITickerGrain : IGrainWithStringKey
{
    Task Subscribe(ITickObserver observer);

    /// <summary>Tells every subscriber of the tick, one-way.</summary>
    Task Tick(int tick);

    /// <summary>One-way: the caller learns nothing; <see cref="LastPoke"/> shows it arrived.</summary>
    [OneWay]
    Task Poke(int value);

    Task<int> LastPoke();
}
