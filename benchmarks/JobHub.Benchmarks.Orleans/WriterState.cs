namespace JobHub.Benchmarks.Orleans;

/// <summary>A small state, about the size of a worker's record.</summary>
[GenerateSerializer]
[Alias("bench.WriterState")]
public sealed class WriterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string Text { get; set; } = "";
}
