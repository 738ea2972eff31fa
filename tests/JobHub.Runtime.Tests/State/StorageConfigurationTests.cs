using JobHub.Runtime.Storage;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobHub.Runtime.Tests.State;

public sealed class StorageConfigurationTests
{
    [Fact]
    public async Task MissingStorageProvider_FailsActivationNamingIt()
    {
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.RemoveAllKeyed<IGrainStorage>(GrainStorageNames.Default));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<IStateGrain>("s1").Get());

        Assert.Contains("storage 'Default'", error.Message);
    }
}
