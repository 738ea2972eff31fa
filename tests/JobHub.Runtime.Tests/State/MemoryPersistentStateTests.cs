using JobHub.Runtime.Storage;

namespace JobHub.Runtime.Tests.State;

public sealed class MemoryPersistentStateTests : PersistentStateContractTests
{
    private readonly MemoryGrainStorage _storage = new();

    protected override IGrainStorage OpenStorage() => _storage;
}
