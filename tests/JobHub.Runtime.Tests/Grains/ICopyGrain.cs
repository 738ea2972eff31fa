namespace JobHub.Runtime.Tests.Grains;

public interface ICopyGrain : IGrainWithStringKey
{
    Task<MutableBag> AddAndReturn(MutableBag bag, int item);

    Task<int> StoredCount();

    Task<PingRecord> Echo(PingRecord ping);

    Task<TrustedPayload> EchoTrusted(TrustedPayload payload);

    Task<bool> WasSameInstanceAsStored(object value);

    Task Accept(Uncopyable value);

    Task<Uncopyable> Produce();
}
