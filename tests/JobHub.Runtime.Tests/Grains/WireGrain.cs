namespace JobHub.Runtime.Tests.Grains;

public sealed class WireGrain : Grain, IWireGrain
{
    public Task<PingRecord> Mixed(int number, string? text, PingRecord record, List<int> items, object anything, ICounterGrain counter) =>
        Task.FromResult(record with { Sequence = number + items.Count });

    public Task Nothing() => Task.CompletedTask;

    public Task<int> Overloaded(int x) => Task.FromResult(x);

    public Task<int> Overloaded(string x) => Task.FromResult(x.Length);
}
