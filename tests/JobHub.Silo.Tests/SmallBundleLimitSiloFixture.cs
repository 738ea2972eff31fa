using System.Globalization;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>A real silo process whose code bundle limit is 64 KiB, so the limit is reached with small test archives.</summary>
public sealed class SmallBundleLimitSiloFixture : IAsyncLifetime
{
    public const int LimitBytes = 64 * 1024;

    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-bundles-api-").FullName;

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Silo = await SiloProcess.StartAsync(_data, "--JobHub:Agent:CodeBundleLimitBytes", LimitBytes.ToString(CultureInfo.InvariantCulture));

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
