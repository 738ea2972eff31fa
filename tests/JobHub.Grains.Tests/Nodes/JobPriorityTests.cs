using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Tests.Infrastructure;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>A job spec's priority orders its owner's waiting jobs, on a real silo with real processes.</summary>
public sealed class JobPriorityTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AHigherPriorityJobSubmittedLater_StartsBeforeTheOwnersLowerPriorityJob()
    {
        // The one 4-vCPU node holds one of these 3-vCPU jobs at a time.
        var (blockerId, _) = await _host.SubmitAsync(JobsHost.Shell("exec sleep 30") with { ProcessResources = new ProcessResources(3, 256) });
        var (lowId, low) = await _host.SubmitAsync(JobsHost.Shell("exit 0") with { ProcessResources = new ProcessResources(3, 256), Priority = -5 });
        var (highId, high) = await _host.SubmitAsync(JobsHost.Shell("exit 0") with { ProcessResources = new ProcessResources(3, 256), Priority = 50 });
        Assert.Equal(JobState.Queued, low.State);
        Assert.Equal(JobState.Queued, high.State);

        await _host.Job(blockerId).Stop(JobsHost.Owner, "make room");
        var highDone = await _host.WaitForStateAsync(highId, JobState.Completed);
        var lowDone = await _host.WaitForStateAsync(lowId, JobState.Completed);

        var highStarted = highDone.History.First(t => t.State == JobState.Starting).Time;
        var lowStarted = lowDone.History.First(t => t.State == JobState.Starting).Time;
        Assert.True(highStarted < lowStarted, $"the priority-50 job should start first (it started at {highStarted:O}, the priority −5 job at {lowStarted:O})");
        Assert.Equal(50, highDone.Spec.Priority);
    }

    [Theory]
    [InlineData(-101)]
    [InlineData(101)]
    public async Task APriorityOutOfBounds_IsRefusedNamingTheField_AndNothingIsCreated(int priority)
    {
        var jobId = JobsHost.NewJobId();
        var refused = await Assert.ThrowsAsync<JobSpecRejectedException>(
            () => _host.Job(jobId).Submit(JobsHost.Shell("exit 0") with { Priority = priority }, JobsHost.Owner));

        Assert.Contains("between -100 and 100", Assert.Single(refused.Errors["priority"]), StringComparison.Ordinal);
        await Assert.ThrowsAsync<JobNotFoundException>(() => _host.Job(jobId).Get());
    }
}
