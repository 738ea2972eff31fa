using JobHub.Grains.Logs;

namespace JobHub.Grains.Tests.Storage;

public sealed class InMemoryJobLogStoreTests : JobLogStoreContractTests
{
    protected override IJobLogStore CreateStore() => new InMemoryJobLogStore(TimeProvider.System);
}
