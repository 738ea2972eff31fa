namespace JobHub.Storage.Postgres.Tests.Grains;

/// <summary>The persisted state of <see cref="PersistentTestGrain"/>, and the payload of the storage contract tests.</summary>
[GenerateSerializer]
[Alias("jobhub.tests.TestGrainState")]
public sealed class TestGrainState
{
    [Id(0)]
    public string? Value { get; set; }

    [Id(1)]
    public int Counter { get; set; }
}
