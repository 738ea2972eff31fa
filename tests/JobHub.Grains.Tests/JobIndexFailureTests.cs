using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Jobs;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Grains.Tests;

/// <summary>
/// The job list (SQLite) cannot be written for a while: a submission must fail rather than answer a job that the
/// list (and so the recovery after a crash) does not know, must not start anything, and must work again once the
/// list can be written.
/// </summary>
public sealed class JobIndexFailureTests : IAsyncLifetime
{
    private readonly string _indexFolder = Directory.CreateTempSubdirectory("jobhub-index-").FullName;
    private JobsHost _host = null!;

    private string IndexFile => Path.Combine(_indexFolder, "jobs.db");

    public async Task InitializeAsync()
    {
        // A folder where the database file should be: SQLite cannot open it, the schema step fails too.
        Directory.CreateDirectory(IndexFile);
        _host = await JobsHost.StartAsync(jobIndexPath: IndexFile);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_indexFolder, recursive: true);
    }

    [Fact]
    public async Task SubmitWhileTheJobListCannotBeWritten_Fails_StartsNothing_AndWorksOnceTheListIsBack()
    {
        var jobId = JobsHost.NewJobId();
        var spec = JobsHost.Shell("sleep 60");

        await Assert.ThrowsAnyAsync<Exception>(() => _host.Job(jobId).Submit(spec, JobsHost.Owner));

        var node = await _host.Grains.GetGrain<INodeGrain>("local-1").GetInfo();
        Assert.DoesNotContain(node.Processes, p => p.JobId == jobId);
        await Assert.ThrowsAsync<JobNotFoundException>(() => _host.Job(jobId).Get());

        Directory.Delete(IndexFile);
        var info = await _host.Job(jobId).Submit(spec, JobsHost.Owner);

        Assert.Equal(JobState.Running, info.State);
        var list = await _host.Services.GetRequiredService<IJobIndex>().ListAsync(new JobQuery(JobsHost.Owner, Limit: 10));
        Assert.Contains(list.Jobs, j => j.JobId == jobId && j.State == JobState.Running);
        await _host.Job(jobId).Stop(JobsHost.Owner, "done");
    }
}
