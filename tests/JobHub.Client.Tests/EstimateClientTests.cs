using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;

namespace JobHub.Client.Tests;

/// <summary><c>EstimateAsync</c> and <c>jobhub submit --estimate</c> against a real silo process (2 USD per node-hour).</summary>
public sealed class EstimateClientTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-estimate-tests-").FullName;

    [Fact]
    public async Task EstimateAsync_WholeNode_AnswersPriceCostAtTheLimitAndMinimum()
    {
        var spec = SiloFixture.Shell("true") with { ProcessResources = new ProcessResources(8, 64), TimeLimit = TimeSpan.FromMinutes(90) };

        var estimate = await fixture.Client.EstimateAsync(spec);

        Assert.Equal(1m, estimate.NodeEquivalents);
        Assert.Equal(2m, estimate.PricePerHour);
        Assert.Equal(3m, estimate.CostAtTimeLimit);
        Assert.Equal(TimeSpan.FromMinutes(10), estimate.MinimumCharge);
        Assert.Equal(0.333333m, estimate.MinimumAmount);
    }

    [Fact]
    public async Task EstimateAsync_BadSpec_IsRefusedBeforeSending()
    {
        var spec = SiloFixture.Shell("true") with { TimeLimit = TimeSpan.FromDays(31) };

        var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.EstimateAsync(spec));

        Assert.Contains("timeLimit", refused.Errors.Keys);
    }

    [Fact]
    public async Task SubmitEstimate_PrintsTheFigures_AndSubmitsNothing()
    {
        var before = (await fixture.Client.ListAsync(limit: 500, allOwners: true)).Jobs.Length;

        var run = await CliRun.RunAsync(
            fixture.Url, ["submit", "--estimate", "--vcpu", "8", "--memory", "64", "--time-limit", "90m", "--", "/bin/sh", "-c", "true"], _folder, token: fixture.Silo.AdminToken);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("price per hour: 2.00 USD", run.Out, StringComparison.Ordinal);
        Assert.Contains("at time limit:  3.00 USD (01:30:00)", run.Out, StringComparison.Ordinal);
        Assert.Contains("minimum charge: 0.333333 USD (00:10:00)", run.Out, StringComparison.Ordinal);
        Assert.Contains("nothing was submitted", run.Out, StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.Client.ListAsync(limit: 500, allOwners: true)).Jobs.Length);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
