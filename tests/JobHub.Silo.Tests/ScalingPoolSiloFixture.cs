namespace JobHub.Silo.Tests;

/// <summary>
/// A real silo process whose one node pool, <c>cpu</c>, scales this host's nodes through the <c>local</c> provider:
/// no node at the start, at most 2, a node up 3 s after its start, stopped after 3 s without work; the autoscaler
/// re-evaluates every second. Users and the admin act through <see cref="Identity"/>.
/// </summary>
public sealed class ScalingPoolSiloFixture : IAsyncLifetime
{
    public IdentitySiloFixture Identity { get; } = new();

    public async Task InitializeAsync()
    {
        Identity.Remember(Identity.AdminToken);
        await Identity.StartAsync(
            "--JobHub:LocalNodes:NodeCount", "2",
            "--JobHub:LocalNodes:VcpuPerNode", "2",
            "--JobHub:LocalNodes:MemoryMiBPerNode", "2048",
            "--JobHub:LocalNodes:StartDelay", "00:00:03",
            "--JobHub:NodePools:AutoscalerInterval", "00:00:01",
            "--JobHub:NodePools:Pools:cpu:Provider", "local",
            "--JobHub:NodePools:Pools:cpu:Vcpu", "2",
            "--JobHub:NodePools:Pools:cpu:MemoryMiB", "2048",
            "--JobHub:NodePools:Pools:cpu:MinNodes", "0",
            "--JobHub:NodePools:Pools:cpu:MaxNodes", "2",
            "--JobHub:NodePools:Pools:cpu:PricePerHour", "1.5",
            "--JobHub:NodePools:Pools:cpu:ScaleDownDelay", "00:00:03",
            "--JobHub:NodePools:Pools:cpu:ProvisioningTimeout", "00:01:00");
    }

    public Task DisposeAsync() => Identity.DisposeAsync();
}
