namespace JobHub.Benchmarks.Grains;

public sealed class PingGrain : Grain, IPingGrain
{
    private int _count;

    public Task<int> Ping(PingRequest request) => Task.FromResult(++_count + request.Sequence);
}
