namespace JobHub.Benchmarks.Grains;

/// <summary>Persistent state of <see cref="WriterGrain"/>.</summary>
public sealed class WriterState
{
    public int Value { get; set; }

    public string Note { get; set; } = string.Empty;
}
