using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs;
using JobHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace JobHub.Grains.Tests;

/// <summary>
/// A job stored before time limits were bounded (9,000,000 days, accepted then) must stay readable and stoppable:
/// its deadline is reported as the latest time there is, its timer is armed a day at a time, and it can still be
/// stopped; extending it further is refused without changing it.
/// </summary>
public sealed class OversizedTimeLimitRecordTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AJobStoredWithA9MillionDayLimit_ReadsStopsAndRefusesExtension()
    {
        var jobId = JobsHost.NewJobId();
        var huge = TimeSpan.FromDays(9_000_000);
        var now = TimeProvider.System.GetUtcNow();
        var record = new JobGrainState
        {
            Owner = JobsHost.Owner,
            Spec = JobsHost.Shell("exit 0") with { TimeLimit = huge },
            State = JobState.Running,
            Reason = "master running on local-1",
            SubmittedAt = now,
            StartedAt = now,
            TimeLimit = huge,
        };
        var storage = _host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        await storage.WriteStateAsync("job", GrainId.Create("job", jobId), new GrainState<JobGrainState>(record));

        var info = await _host.Job(jobId).Get();
        Assert.Equal(JobState.Running, info.State);
        Assert.Equal(DateTimeOffset.MaxValue, info.Deadline);
        Assert.Empty(await _host.Job(jobId).GetHistory()); // readable: the record has no transitions of its own

        var refused = await Assert.ThrowsAsync<JobRequestRejectedException>(() => _host.Job(jobId).Extend(JobsHost.Owner, TimeSpan.FromHours(1)));
        Assert.Equal("duration", refused.Field);
        Assert.Equal(huge, (await _host.Job(jobId).Get()).TimeLimit);

        var stopped = await _host.Job(jobId).Stop(JobsHost.Owner, "cleaning up");
        Assert.Equal(JobState.Stopped, stopped.State);
    }
}
