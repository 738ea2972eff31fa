namespace JobHub.Benchmarks.Grains;

public interface IEmptyGrain : IGrainWithStringKey
{
    Task Touch();
}
