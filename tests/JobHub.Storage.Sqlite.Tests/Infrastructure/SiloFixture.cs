namespace JobHub.Storage.Sqlite.Tests.Infrastructure;

/// <summary>One running test silo on a fresh file, shared by the tests of a class (each uses its own keys).</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestSilo? _silo;

    public string DataSource => _folder.Database();

    public TestSilo Silo => _silo ?? throw new InvalidOperationException("The silo is not started.");

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(DataSource);

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _folder.Dispose();
    }
}
