using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// A real silo process with priced nodes: two local nodes of 4 vCPU and 4096 MiB at 2 USD per node-hour, the default
/// 10-minute minimum, and a meter that writes each second.
/// </summary>
public sealed class BillingSiloFixture : IAsyncLifetime
{
    public const decimal NodePrice = 2m;

    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-billing-").FullName;

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await SiloProcess.StartAsync(
        _data,
        "--JobHub:LocalNodes:NodeCount", "2",
        "--JobHub:LocalNodes:VcpuPerNode", "4",
        "--JobHub:LocalNodes:MemoryMiBPerNode", "4096",
        "--JobHub:LocalNodes:PricePerHour", "2",
        "--JobHub:Billing:MeterInterval", "00:00:01");

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
