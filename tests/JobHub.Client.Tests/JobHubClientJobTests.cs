using System.Net;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>The SDK against a real silo process: submitting, waiting, listing, stopping, extending and workers.</summary>
public sealed class JobHubClientJobTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private JobHubClient Client => fixture.Client;

    [Fact]
    public async Task WaitForCompletionAsync_SucceedingJob_ReturnsCompletedAndReportsProgress()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell("echo hello"));
        var seen = new List<JobState>();

        var done = await Client.WaitForCompletionAsync(submitted.JobId, new SynchronousProgress(j => seen.Add(j.State)));

        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(JobState.Completed, seen[^1]);
        Assert.All(seen[..^1], s => Assert.False(s.IsTerminal()));
        var history = await Client.GetHistoryAsync(submitted.JobId);
        Assert.Equal(JobState.Submitted, history[0].State);
        Assert.Equal(JobState.Completed, history[^1].State);
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailingJob_ReturnsFailedWithExitCode()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell("echo about to fail; exit 3"));

        var done = await Client.WaitForCompletionAsync(submitted.JobId);

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(3, done.ExitCode);
        Assert.Contains("3", done.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_PagesThroughJobsNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Client.SubmitAsync(SiloFixture.Shell("true", name: $"page-{i}"))).JobId);
        }

        var first = await Client.ListAsync(limit: 2);
        Assert.Equal(2, first.Jobs.Length);
        Assert.NotNull(first.NextCursor);
        var second = await Client.ListAsync(limit: 2, cursor: first.NextCursor);
        Assert.DoesNotContain(second.Jobs, j => first.Jobs.Any(f => f.JobId == j.JobId));

        var all = new List<JobSummary>();
        await foreach (var job in Client.ListAllAsync(pageSize: 2))
        {
            all.Add(job);
        }

        var mine = all.Where(j => ids.Contains(j.JobId)).Select(j => j.JobId).ToList();
        Assert.Equal(Enumerable.Reverse(ids), mine);
        Assert.Equal(all.Count, all.Select(j => j.JobId).Distinct().Count());
    }

    [Fact]
    public async Task ListAsync_ByState_ReturnsOnlyJobsInThatState()
    {
        var failed = await Client.SubmitAsync(SiloFixture.Shell("exit 1"));
        await Client.WaitForCompletionAsync(failed.JobId);

        var page = await Client.ListAsync(JobState.Failed, limit: 500);

        Assert.Contains(page.Jobs, j => j.JobId == failed.JobId);
        Assert.All(page.Jobs, j => Assert.Equal(JobState.Failed, j.State));
    }

    [Fact]
    public async Task StopAndExtend_RunningJob_ExtendsThenStopsAndRefusesExtendingAnEndedJob()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell("exec sleep 60") with { TimeLimit = TimeSpan.FromMinutes(10) });
        await fixture.WaitForStateAsync(submitted.JobId, JobState.Running);

        var extended = await Client.ExtendAsync(submitted.JobId, TimeSpan.FromMinutes(30));
        Assert.Equal(TimeSpan.FromMinutes(40), extended.TimeLimit);

        await Client.StopAsync(submitted.JobId, "no longer needed");
        var stopped = await Client.WaitForCompletionAsync(submitted.JobId);
        Assert.Equal(JobState.Stopped, stopped.State);
        Assert.Contains("no longer needed", stopped.Reason, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<JobHubApiException>(() => Client.ExtendAsync(submitted.JobId, TimeSpan.FromHours(1)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task GetWorkersAsync_WaitOnElasticJob_ReturnsOnceTheWorkersRun_And408WhenTooFew()
    {
        var spec = SiloFixture.Shell("exec sleep 60") with
        {
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 1, ProcessesPerNode = 3, Pool = WorkerPoolKind.Elastic },
        };
        var submitted = await Client.SubmitAsync(spec);
        try
        {
            var workers = await Client.GetWorkersAsync(submitted.JobId, wait: 2, timeout: TimeSpan.FromSeconds(20));

            Assert.Equal(3, workers.Count);
            Assert.Equal(WorkerRole.Master, workers[0].Role);
            Assert.Equal(2, workers.Count(w => w.Index > 0 && w.Status == WorkerStatus.Running));
            Assert.All(workers, w => Assert.NotNull(w.Pid));

            var tooFew = await Assert.ThrowsAsync<JobHubApiException>(() => Client.GetWorkersAsync(submitted.JobId, wait: 5, timeout: TimeSpan.FromSeconds(0.5)));
            Assert.Equal(HttpStatusCode.RequestTimeout, tooFew.StatusCode);
            Assert.Contains("2 of the 5", tooFew.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await Client.StopAsync(submitted.JobId, "test over");
        }
    }

    [Fact]
    public async Task SubmitAsync_BadSpec_ThrowsWithAMessagePerFieldBeforeSending()
    {
        var spec = new JobSpec
        {
            Name = string.Empty,
            NodeType = "no-such-type",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 0 },
        };

        var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => Client.SubmitAsync(spec));

        Assert.Contains("name", refused.Errors.Keys);
        Assert.Contains("command", refused.Errors.Keys);
        Assert.Contains("distributed.nodes", refused.Errors.Keys);
        Assert.DoesNotContain("nodeType", refused.Errors.Keys); // only the server knows the node types
        Assert.Contains("distributed.nodes: The number of nodes must be between 1 and 1000", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_UnknownNodeType_ServerRefusesWithTheField()
    {
        var refused = await Assert.ThrowsAsync<JobHubApiException>(() => Client.SubmitAsync(SiloFixture.Shell("true") with { NodeType = "no-such-type" }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(refused.Errors["nodeType"], m => m.Contains("no-such-type", StringComparison.Ordinal));
        Assert.Contains("nodeType: Unknown node type 'no-such-type'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_UnknownJob_ThrowsNotFound()
    {
        var missing = await Assert.ThrowsAsync<JobHubApiException>(() => Client.GetAsync("job-does-not-exist"));

        Assert.True(missing.IsNotFound);
        Assert.Contains("job-does-not-exist", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetNodeTypesAsync_ListsTheLocalPool()
    {
        var types = await Client.GetNodeTypesAsync();

        var local = Assert.Single(types, t => t.Name == "local");
        Assert.Equal(8, local.Vcpu);
    }

    [Fact]
    public async Task AnyCall_UnreachableServer_ThrowsHttpRequestException()
    {
        using var client = new JobHubClient(new Uri($"http://127.0.0.1:{FreePort.Next()}"));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("job-1"));
    }

    private sealed class SynchronousProgress(Action<JobInfo> report) : IProgress<JobInfo>
    {
        public void Report(JobInfo value) => report(value);
    }
}
