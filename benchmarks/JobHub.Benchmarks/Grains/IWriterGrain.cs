namespace JobHub.Benchmarks.Grains;

public interface IWriterGrain : IGrainWithStringKey
{
    Task<int> IncrementAndWrite();
}
