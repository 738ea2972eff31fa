namespace JobHub.Benchmarks.Orleans;

/// <summary>A grain that answers at once: what is measured is Orleans' cost per call.</summary>
[Alias("jobhub.bench.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    Task<int> Ping(int value);
}
