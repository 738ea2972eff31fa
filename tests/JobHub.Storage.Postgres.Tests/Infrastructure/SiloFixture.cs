using JobHub.Testing;

namespace JobHub.Storage.Postgres.Tests.Infrastructure;

/// <summary>One started silo on a fresh schema for one test class; stopped, and its schema dropped, afterwards.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private TestSilo? _silo;

    public string Schema { get; } = TestDatabase.NewSchemaName("silo");

    internal TestSilo Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync()
    {
        await PostgresTestServer.EnsureReachableAsync();
        _silo = await TestSilo.StartAsync(Schema, "contract-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_silo is not null)
            {
                await _silo.DisposeAsync();
            }
        }
        finally
        {
            await TestDatabase.DropAsync(Schema);
        }
    }
}
