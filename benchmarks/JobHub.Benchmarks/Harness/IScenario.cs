namespace JobHub.Benchmarks.Harness;

/// <summary>A benchmark scenario: runs once against a fresh silo and returns its figures.</summary>
internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings);
}
