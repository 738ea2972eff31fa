namespace JobHub.Storage.Sqlite.Tests.Grains;

/// <summary>A state for the provider-level tests.</summary>
[GenerateSerializer]
[Alias("jobhub.tests.TestState")]
public sealed class TestState
{
    [Id(0)]
    public string Text { get; set; } = "";

    [Id(1)]
    public int Number { get; set; }
}
