using JobHub.Testing;

namespace JobHub.Cluster.Tests.Jobs;

/// <summary>One <see cref="JobClusterOfProcesses"/> shared by a test class (starting three silos takes a few seconds).</summary>
public sealed class JobClusterFixture : IAsyncLifetime
{
    public JobClusterOfProcesses Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await JobClusterOfProcesses.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
