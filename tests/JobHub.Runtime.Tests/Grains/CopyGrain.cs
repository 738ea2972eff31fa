namespace JobHub.Runtime.Tests.Grains;

public sealed class CopyGrain : Grain, ICopyGrain
{
    private MutableBag? _stored;

    public Task<MutableBag> AddAndReturn(MutableBag bag, int item)
    {
        bag.Items.Add(item);
        _stored = bag;
        return Task.FromResult(bag);
    }

    public Task<int> StoredCount() => Task.FromResult(_stored?.Items.Count ?? -1);

    public Task<PingRecord> Echo(PingRecord ping) => Task.FromResult(ping);

    public Task<TrustedPayload> EchoTrusted(TrustedPayload payload) => Task.FromResult(payload);

    public Task<bool> WasSameInstanceAsStored(object value) => Task.FromResult(ReferenceEquals(value, _stored));

    public Task Accept(Uncopyable value) => Task.CompletedTask;

    public Task<Uncopyable> Produce() => Task.FromResult(new Uncopyable());
}
