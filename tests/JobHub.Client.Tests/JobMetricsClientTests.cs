using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Metrics;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>Job metrics through the SDK and the built <c>jobhub</c>, against a real silo process, and from inside a real job process.</summary>
public sealed class JobMetricsClientTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sdk_ReportsAndReadsBack_ByNameAndSince()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("sleep 600", "sdk-metrics"));
        await fixture.WaitForStateAsync(job.JobId, JobState.Running);

        await fixture.Client.ReportMetricAsync(job.JobId, "queue_length", 5, Base.AddSeconds(1));
        await fixture.Client.ReportMetricsAsync(job.JobId, [new MetricReport("queue_length", 2, Base), new MetricReport("loss", 0.5, Base)]);

        var all = await fixture.Client.GetMetricsAsync(job.JobId);
        Assert.Equal(job.JobId, all.JobId);
        Assert.Equal(["loss", "queue_length"], all.Metrics.Select(m => m.Name));
        Assert.Equal([2.0, 5.0], all.Metrics[1].Samples.Select(s => s.Value));

        var recent = await fixture.Client.GetMetricsAsync(job.JobId, "queue_length", Base.AddSeconds(1));
        Assert.Equal(new MetricSample(Base.AddSeconds(1), 5), Assert.Single(Assert.Single(recent.Metrics).Samples));
        await fixture.Client.StopAsync(job.JobId, "done");
    }

    [Fact]
    public async Task Sdk_RefusesBadReportsBeforeSending_AndTheServerRefusesAFutureTime()
    {
        var name = await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.ReportMetricAsync("job-000000000000", "no spaces", 1));
        Assert.Contains("name", name.Message, StringComparison.Ordinal);
        var value = await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.ReportMetricAsync("job-000000000000", "ok", double.NaN));
        Assert.Contains("finite", value.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.ReportMetricsAsync("job-000000000000", []));

        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("sleep 600", "future-metric"));
        await fixture.WaitForStateAsync(job.JobId, JobState.Running);
        var future = await Assert.ThrowsAsync<JobHubApiException>(() => fixture.Client.ReportMetricAsync(job.JobId, "ok", 1, Base.AddYears(100)));
        Assert.Equal(400, (int)future.StatusCode);
        Assert.Contains("ahead of the server's clock", Assert.Single(future.Errors["time"]), StringComparison.Ordinal);
        Assert.Empty((await fixture.Client.GetMetricsAsync(job.JobId)).Metrics);
        await fixture.Client.StopAsync(job.JobId, "done");
    }

    [Fact]
    public async Task AJobProcess_ReportsAMetricWithTheCli_UsingOnlyItsEnvironment()
    {
        // The job runs the built jobhub with no --url, --token or --job: the agent's JOBHUB_* variables are enough.
        var spec = new JobSpec
        {
            Name = "cli-metric-inside",
            Command = "dotnet",
            Arguments = [CliRun.Assembly, "metrics", "report", "queue_length", "42.5"],
            NodeType = "local",
            ProcessResources = new ProcessResources(0.25m, 64),
            TimeLimit = TimeSpan.FromMinutes(5),
        };
        var job = await fixture.Client.SubmitAsync(spec);
        var ended = await fixture.Client.WaitForCompletionAsync(job.JobId);
        Assert.True(ended.State == JobState.Completed, $"{ended.State}: {ended.Reason}; log: {string.Join(" | ", (await fixture.Client.ReadLogsAsync(job.JobId)).Entries.Select(e => e.Text))}");

        var sample = Assert.Single(Assert.Single((await fixture.Client.GetMetricsAsync(job.JobId, "queue_length")).Metrics).Samples);
        Assert.Equal(42.5, sample.Value);

        var show = await CliRun.RunAsync(fixture.Url, ["metrics", "show", job.JobId], token: fixture.Silo.AdminToken);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("queue_length", show.Out, StringComparison.Ordinal);
        Assert.Contains("42.5", show.Out, StringComparison.Ordinal);

        // Outside a job, without --job, the command says what is missing (usage error, exit 2).
        var noJob = await CliRun.RunAsync(fixture.Url, ["metrics", "report", "queue_length", "1"], token: fixture.Silo.AdminToken, environment: new Dictionary<string, string?> { [JobHubClient.JobIdVariable] = null });
        Assert.True(noJob.ExitCode == 2, noJob.ToString());
        Assert.Contains("--job", noJob.Error, StringComparison.Ordinal);
    }
}
