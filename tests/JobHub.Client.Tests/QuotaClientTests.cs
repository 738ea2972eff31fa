using JobHub.Client.Tests.Infrastructure;

namespace JobHub.Client.Tests;

/// <summary>Quotas through the SDK and <c>jobhub quota</c> against a real silo process.</summary>
public sealed class QuotaClientTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-quota-tests-").FullName;

    [Fact]
    public async Task QuotaSet_ByTheCli_IsWhatTheSdkReads_AndNoneRemovesIt()
    {
        var set = await CliRun.RunAsync(fixture.Url, ["quota", "set", "group:site/physics", "25.5"], _folder, token: fixture.Silo.AdminToken);

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("limit:    25.5 USD per month", set.Out, StringComparison.Ordinal);
        Assert.Equal(25.5m, (await fixture.Client.GetQuotaAsync("group:site/physics")).MonthlyLimit);

        var removed = await CliRun.RunAsync(fixture.Url, ["quota", "set", "group:site/physics", "none"], _folder, token: fixture.Silo.AdminToken);

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Null((await fixture.Client.GetQuotaAsync("group:site/physics")).MonthlyLimit);
    }

    [Fact]
    public async Task QuotaShow_WithoutAccount_ShowsTheCallersOwn()
    {
        await fixture.Client.SetQuotaAsync("user:admin", 1000m);
        try
        {
            var run = await CliRun.RunAsync(fixture.Url, ["quota", "show"], _folder, token: fixture.Silo.AdminToken);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("account:  user:admin", run.Out, StringComparison.Ordinal);
            Assert.Contains("limit:    1000 USD per month", run.Out, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Client.SetQuotaAsync("user:admin", null);
        }
    }

    [Fact]
    public async Task SetQuotaAsync_BadValues_AreRefusedBeforeSending()
    {
        var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.SetQuotaAsync("bob", -1m));

        Assert.Contains("account", refused.Errors.Keys);
        Assert.Contains("monthlyLimit", refused.Errors.Keys);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
