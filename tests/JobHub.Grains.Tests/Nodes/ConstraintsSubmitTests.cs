using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Tests.Infrastructure;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>Submitting with constraints instead of a pool, on a real silo with real processes.</summary>
public sealed class ConstraintsSubmitTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AJobWithConstraints_RunsOnThePoolChosenForIt()
    {
        var (jobId, info) = await _host.SubmitAsync(JobsHost.Shell("exit 0") with { NodeType = string.Empty, Constraints = new PoolConstraints { MinVcpu = 2 } });

        Assert.Equal("local", info.Spec.NodeType);
        await _host.WaitForStateAsync(jobId, JobState.Completed);
    }

    [Fact]
    public async Task ConstraintsNoPoolMeets_AreRefusedNamingTheField_AndNothingIsCreated()
    {
        var jobId = JobsHost.NewJobId();
        var refused = await Assert.ThrowsAsync<JobSpecRejectedException>(
            () => _host.Job(jobId).Submit(JobsHost.Shell("exit 0") with { NodeType = string.Empty, Constraints = new PoolConstraints { MinGpus = 1 } }, JobsHost.Owner));

        Assert.Contains("No node pool meets the constraints", Assert.Single(refused.Errors["constraints"]), StringComparison.Ordinal);
        await Assert.ThrowsAsync<JobNotFoundException>(() => _host.Job(jobId).Get());
    }
}
