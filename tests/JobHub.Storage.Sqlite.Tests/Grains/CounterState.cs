namespace JobHub.Storage.Sqlite.Tests.Grains;

[GenerateSerializer]
[Alias("jobhub.tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}
