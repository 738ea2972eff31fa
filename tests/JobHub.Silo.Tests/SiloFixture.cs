using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>One real silo process shared by a test class (starting one costs about a second).</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-api-").FullName;

    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>The silo's data folder (its database, blobs and job folders).</summary>
    public string DataDirectory => _data;

    public async Task InitializeAsync() => Silo = await SiloProcess.StartAsync(_data);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
