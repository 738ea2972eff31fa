using System.Collections.Immutable;
using System.Net;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;

namespace JobHub.Client.Tests;

/// <summary>
/// The SDK checks every value against the API's rules (JobSpecValidator, JobLimits) before sending: a bad value throws
/// <see cref="JobHubValidationException"/> naming the field and the rule, no request goes out and no job is created.
/// </summary>
public sealed class JobHubClientValidationTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly CountingHandler _handler = new();

    public static TheoryData<string, JobSpec, string> BadSpecs => new()
    {
        { "no name", SiloFixture.Shell("true") with { Name = " " }, "name" },
        { "escape code in the name", SiloFixture.Shell("true", name: "red\u001b[31m"), "name" },
        { "newline in the name", SiloFixture.Shell("true", name: "two\nlines"), "name" },
        { "name too long", SiloFixture.Shell("true", name: new string('n', JobLimits.MaxNameLength + 1)), "name" },
        { "no command", SiloFixture.Shell("true") with { Command = null }, "command" },
        { "too many arguments", SiloFixture.Shell("true") with { Arguments = [.. Enumerable.Repeat("a", JobLimits.MaxArguments + 1)] }, "arguments" },
        { "reserved variable", SiloFixture.Shell("true") with { Environment = ImmutableDictionary<string, string>.Empty.Add("JOBHUB_X", "1") }, "environment.JOBHUB_X" },
        { "time limit over 30 days", SiloFixture.Shell("true") with { TimeLimit = TimeSpan.FromDays(31) }, "timeLimit" },
        { "time limit at TimeSpan.MaxValue", SiloFixture.Shell("true") with { TimeLimit = TimeSpan.MaxValue }, "timeLimit" },
        { "negative time limit", SiloFixture.Shell("true") with { TimeLimit = TimeSpan.FromSeconds(-1) }, "timeLimit" },
        { "zero nodes", Distributed(0, 1), "distributed.nodes" },
        { "too many processes per node", Distributed(1, JobLimits.MaxProcessesPerNode + 1), "distributed.processesPerNode" },
        { "too many processes", Distributed(JobLimits.MaxNodes, JobLimits.MaxProcessesPerNode), "distributed" },
        { "negative vCPU", SiloFixture.Shell("true") with { ProcessResources = new ProcessResources(-1, 64) }, "processResources.vcpu" },
        { "cost limit over the bound", SiloFixture.Shell("true") with { CostLimit = JobLimits.MaxCostLimit + 1 }, "costLimit" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task SubmitAsync_BadSpec_ThrowsNamingTheFieldAndSendsNothing(string what, JobSpec spec, string field)
    {
        using var client = CountedClient();
        var before = await CountJobsAsync();

        var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => client.SubmitAsync(spec));

        Assert.True(refused.Errors.ContainsKey(field), $"{what}: {refused.Message}");
        Assert.Contains($"{field}: ", refused.Message, StringComparison.Ordinal);
        Assert.Equal("spec", refused.ParamName);
        Assert.Equal(0, _handler.Requests);
        Assert.Equal(before, await CountJobsAsync());
    }

    [Fact]
    public async Task SubmitAsync_SeveralProblems_NamesEveryField()
    {
        using var client = CountedClient();
        var spec = new JobSpec { Name = string.Empty, NodeType = "local", Mode = JobMode.Distributed, Distributed = new DistributedSpec { Nodes = 0 } };

        var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => client.SubmitAsync(spec));

        Assert.Equal(["command", "distributed.nodes", "name"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("distributed.nodes: The number of nodes must be between 1 and 1000 (was 0).", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _handler.Requests);
    }

    [Fact]
    public async Task SubmitAsyncWithBundle_BadSpec_ThrowsBeforeTheUpload()
    {
        using var client = CountedClient();
        var folder = Directory.CreateTempSubdirectory("jobhub-validation-bundle-").FullName;
        try
        {
            var spec = new JobSpec { Name = "bad\u0000name", EntryScript = "run.sh", NodeType = "local" };

            var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => client.SubmitAsync(spec, folder));

            Assert.Equal(["name"], refused.Errors.Keys);
            Assert.Equal(0, _handler.Requests);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<string, Func<JobHubClient, Task>, string> BadCalls => new()
    {
        { "list limit 0", c => c.ListAsync(limit: 0), "limit" },
        { "list limit over the page", c => c.ListAsync(limit: JobLimits.MaxJobPage + 1), "limit" },
        { "list cursor too long", c => c.ListAsync(cursor: new string('c', JobLimits.MaxCursorLength + 1)), "cursor" },
        { "list unknown state", c => c.ListAsync((JobState)42), "state" },
        { "list all page size", c => Task.FromResult(c.ListAllAsync(pageSize: 0)), "limit" },
        { "job id with a slash", c => c.GetAsync("job/../x"), "jobId" },
        { "job id too long", c => c.GetAsync(new string('j', JobLimits.MaxIdLength + 1)), "jobId" },
        { "empty job id", c => c.GetHistoryAsync(string.Empty), "jobId" },
        { "logs after negative", c => c.ReadLogsAsync("job-1", after: -1), "after" },
        { "logs limit over the page", c => c.ReadLogsAsync("job-1", limit: JobLimits.MaxLogPage + 1), "limit" },
        { "tail 0", c => c.TailLogsAsync("job-1", 0), "tail" },
        { "tail over the page", c => c.TailLogsAsync("job-1", JobLimits.MaxLogPage + 1), "tail" },
        { "follow after negative", c => Task.FromResult(c.FollowLogsAsync("job-1", after: -5)), "after" },
        { "workers wait negative", c => c.GetWorkersAsync("job-1", wait: -1), "wait" },
        { "workers wait over the bound", c => c.GetWorkersAsync("job-1", wait: JobLimits.MaxProcesses + 1), "wait" },
        { "workers timeout 0", c => c.GetWorkersAsync("job-1", wait: 1, timeout: TimeSpan.Zero), "timeout" },
        { "workers timeout over an hour", c => c.GetWorkersAsync("job-1", wait: 1, timeout: TimeSpan.FromSeconds(JobLimits.MaxWaitSeconds + 1)), "timeout" },
        { "stop reason too long", c => c.StopAsync("job-1", new string('r', JobLimits.MaxStopReasonLength + 1)), "reason" },
        { "stop reason with an escape code", c => c.StopAsync("job-1", "done\u001b]0;title\u0007"), "reason" },
        { "extend by 0", c => c.ExtendAsync("job-1", TimeSpan.Zero), "duration" },
        { "extend by more than 30 days", c => c.ExtendAsync("job-1", TimeSpan.FromDays(31)), "duration" },
        { "extend by TimeSpan.MaxValue", c => c.ExtendAsync("job-1", TimeSpan.MaxValue), "duration" },
        { "result file path empty", c => c.DownloadResultFileAsync("job-1", " ", Stream.Null), "path" },
        { "bundle id with a slash", c => c.GetBundleAsync("../bundle"), "bundleId" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Call_ValueOutOfBounds_ThrowsNamingTheFieldAndSendsNothing(string what, Func<JobHubClient, Task> call, string field)
    {
        using var client = CountedClient();

        var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => call(client));

        Assert.True(refused.Errors.ContainsKey(field), $"{what}: {refused.Message}");
        Assert.Contains($"{field}: ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_UnknownNodeType_ServerRefusalCarriesTheFieldAndDetail()
    {
        using var client = CountedClient();
        var before = await CountJobsAsync();

        var refused = await Assert.ThrowsAsync<JobHubApiException>(() => client.SubmitAsync(SiloFixture.Shell("true") with { NodeType = "no-such-type" }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(refused.Errors["nodeType"], m => m.Contains("no-such-type", StringComparison.Ordinal));
        Assert.StartsWith("nodeType: ", refused.Detail, StringComparison.Ordinal);
        Assert.Single(AllIndexesOf(refused.Message, "nodeType: "));
        Assert.Equal(1, _handler.Requests);
        Assert.Equal(before, await CountJobsAsync());
    }

    [Fact]
    public async Task ExtendAsync_PastThirtyDaysInTotal_ServerRefusalNamesTheDuration()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("exec sleep 60") with { TimeLimit = TimeSpan.FromDays(20) });
        try
        {
            var refused = await Assert.ThrowsAsync<JobHubApiException>(() => fixture.Client.ExtendAsync(job.JobId, TimeSpan.FromDays(15)));

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotEmpty(refused.Errors);
            Assert.Contains("30 days", refused.Message, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromDays(20), (await fixture.Client.GetAsync(job.JobId)).TimeLimit);
        }
        finally
        {
            await fixture.Client.StopAsync(job.JobId, "test over");
        }
    }

    public void Dispose() => _handler.Dispose();

    private static JobSpec Distributed(int nodes, int perNode) =>
        SiloFixture.Shell("true") with { Mode = JobMode.Distributed, Distributed = new DistributedSpec { Nodes = nodes, ProcessesPerNode = perNode } };

    private static IEnumerable<int> AllIndexesOf(string text, string part)
    {
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            yield return i;
        }
    }

    private JobHubClient CountedClient() =>
        new(new HttpClient(_handler, disposeHandler: false) { BaseAddress = fixture.Url }, new JobHubClientOptions { BaseAddress = fixture.Url, Token = fixture.Silo.AdminToken });

    private async Task<int> CountJobsAsync()
    {
        var count = 0;
        await foreach (var unused in fixture.Client.ListAllAsync(allOwners: true, pageSize: JobLimits.MaxJobPage))
        {
            count++;
        }

        return count;
    }
}
