namespace JobHub.Benchmarks.Grains;

public interface IPingGrain : IGrainWithStringKey
{
    Task<int> Ping(PingRequest request);
}
