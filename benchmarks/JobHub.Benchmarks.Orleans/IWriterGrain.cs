namespace JobHub.Benchmarks.Orleans;

/// <summary>Writes its state once per call (an ETag-checked write through the grain's storage provider).</summary>
[Alias("bench.IWriterGrain")]
public interface IWriterGrain : IGrainWithIntegerKey
{
    [Alias("Write")]
    Task Write(int value);
}
