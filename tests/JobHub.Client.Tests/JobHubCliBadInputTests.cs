using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Validation;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>
/// Every class of bad command line, as the built <c>jobhub</c> against a real silo: exit code 2, one line per problem on
/// stderr naming the option (or argument) and the rule, never a stack trace, nothing on stdout, and no job created.
/// </summary>
public sealed class JobHubCliBadInputTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-cli-bad-input-").FullName;

    public static TheoryData<string, string, string[]> BadCommandLines => new()
    {
        // class of input, what the message must name, the command line
        { "duration that overflows", "--time-limit", ["submit", "--time-limit", "99999999999d", "--", "true"] },
        { "duration over 30 days", "--time-limit", ["submit", "--time-limit", "31d", "--", "true"] },
        { "clock duration that overflows", "--time-limit", ["submit", "--time-limit", "99999999.00:00:00", "--", "true"] },
        { "duration that is a word", "--time-limit", ["submit", "--time-limit", "soon", "--", "true"] },
        { "zero duration", "--time-limit", ["submit", "--time-limit", "0s", "--", "true"] },
        { "extension that overflows", "<duration>", ["extend", "job-1", "99999999999d"] },
        { "negative number", "--nodes", ["submit", "--nodes", "-1", "--", "true"] },
        { "number over int", "--nodes", ["submit", "--nodes", "99999999999", "--", "true"] },
        { "number over the limit", "--processes-per-node", ["submit", "--processes-per-node", "257", "--", "true"] },
        { "not a number", "--gpus", ["submit", "--vcpu", "1", "--gpus", "many", "--", "true"] },
        { "zero vCPU", "--vcpu", ["submit", "--vcpu", "0", "--", "true"] },
        { "negative memory", "--memory", ["submit", "--vcpu", "1", "--memory", "-5", "--", "true"] },
        { "cost over the limit", "--cost-limit", ["submit", "--cost-limit", "1000001", "--", "true"] },
        { "more workers than processes", "--min-workers", ["submit", "--nodes", "1", "--processes-per-node", "2", "--min-workers", "5", "--", "true"] },
        { "list limit zero", "--limit", ["list", "--limit", "0"] },
        { "list limit over int", "--limit", ["list", "--limit", "99999999999"] },
        { "tail over the page", "--tail", ["logs", "job-1", "--tail", "10001"] },
        { "negative after", "--after", ["logs", "job-1", "--after", "-1"] },
        { "tail and after", "--tail", ["logs", "job-1", "--tail", "5", "--after", "3"] },
        { "wait over the limit", "--wait", ["workers", "job-1", "--wait", "10001"] },
        { "timeout over an hour", "--timeout", ["workers", "job-1", "--wait", "1", "--timeout", "3601"] },
        { "unknown state", "--state", ["list", "--state", "sleeping"] },
        { "unknown pool", "--pool", ["submit", "--pool", "weird", "--", "true"] },
        { "unknown mode", "--mode", ["submit", "--mode", "parallel", "--", "true"] },
        { "escape code in the name", "--name", ["submit", "--name", "red\u001b[31m", "--", "true"] },
        { "line break in the name", "--name", ["submit", "--name", "two\nlines", "--", "true"] },
        { "bidi override in the name", "--name", ["submit", "--name", "abc\u202egnp.exe", "--", "true"] },
        { "name too long", "--name", ["submit", "--name", new string('n', JobLimits.MaxNameLength + 1), "--", "true"] },
        { "reserved variable", "--env", ["submit", "--env", "JOBHUB_TOKEN=x", "--", "true"] },
        { "variable without =", "--env", ["submit", "--env", "NOEQUALS", "--", "true"] },
        { "stop reason too long", "--reason", ["stop", "job-1", "--reason", new string('r', JobLimits.MaxStopReasonLength + 1)] },
        { "stop reason with an escape code", "--reason", ["stop", "job-1", "--reason", "done\u001b]0;pwned\u0007"] },
        { "malformed job id", "<id>", ["status", "job/../../etc"] },
        { "job id too long", "<id>", ["logs", new string('j', JobLimits.MaxIdLength + 1)] },
        { "missing job id", "<id>", ["status"] },
        { "missing duration", "<duration>", ["extend", "job-1"] },
        { "missing option value", "--time-limit", ["submit", "--time-limit"] },
        { "nothing to run", "--command", ["submit", "--name", "nothing"] },
        { "unknown command", "frobnicate", ["frobnicate"] },
        { "unknown option", "--frobnicate", ["list", "--frobnicate"] },
        { "bad url", "--url", ["list", "--url", "not a url"] },
        { "missing job file", "--file", ["submit", "--file", "no-such-job.json"] },
        { "job file that is not JSON", "--file", ["submit", "--file", "garbage.json"] },
        { "job file with a bad field", "--nodes", ["submit", "--file", "bad-nodes.json"] },
        { "scaler on a fixed pool", "--pool elastic", ["submit", "--nodes", "1", "--processes-per-node", "3", "--scaler-metric", "queue", "--", "true"] },
        { "scaler flag without a metric", "--scaler-metric", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-max", "2", "--", "true"] },
        { "scaler metric that is no metric name", "--scaler-metric", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-metric", "queue length", "--scaler-max", "2", "--", "true"] },
        { "scaler window over an hour", "--scaler-window", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-metric", "q", "--scaler-max", "2", "--scaler-window", "2h", "--", "true"] },
        { "scaler window that is a word", "--scaler-window", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-metric", "q", "--scaler-window", "soon", "--", "true"] },
        { "scaler cool-down over an hour", "--scaler-cooldown", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-metric", "q", "--scaler-max", "2", "--scaler-cooldown", "61m", "--", "true"] },
        { "scaler max above the job's workers", "--scaler-max", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-metric", "q", "--scaler-max", "5", "--", "true"] },
        { "scaler min above its max", "--scaler-max", ["submit", "--pool", "elastic", "--processes-per-node", "4", "--scaler-metric", "q", "--scaler-min", "3", "--scaler-max", "2", "--", "true"] },
        { "scaler target zero", "--scaler-target-per-worker", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-metric", "q", "--scaler-target-per-worker", "0", "--", "true"] },
        { "scaler step over the limit", "--scaler-step", ["submit", "--pool", "elastic", "--processes-per-node", "3", "--scaler-metric", "q", "--scaler-step", "1001", "--", "true"] },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task BadInput_ExitsTwoNamingTheOption_WithoutStackTraceOrJob(string what, string named, string[] arguments)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "garbage.json"), "{ this is not json");
        await File.WriteAllTextAsync(
            Path.Combine(_folder, "bad-nodes.json"),
            JsonSerializer.Serialize(SiloFixture.Shell("true") with { Mode = Contracts.Jobs.JobMode.Distributed, Distributed = new() { Nodes = 0 } }, JobHubJson.Options));
        var before = await CountJobsAsync();

        var run = await CliRun.RunAsync(fixture.Url, arguments, _folder, token: fixture.Silo.AdminToken);

        Assert.True(run.ExitCode == 2, $"{what}: {run}");
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.All(run.Error.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("error: ", line, StringComparison.Ordinal));
        Assert.DoesNotContain(run.Error, c => char.IsControl(c) && c != '\n');
        Assert.Empty(run.Out);
        Assert.Equal(before, await CountJobsAsync());
    }

    [Fact]
    public async Task StopWithBadReason_LeavesTheJobRunning()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("exec sleep 60"));
        try
        {
            await fixture.WaitForStateAsync(job.JobId, Contracts.Jobs.JobState.Running);

            var run = await CliRun.RunAsync(fixture.Url, ["stop", job.JobId, "--reason", "bell\u0007"], _folder, token: fixture.Silo.AdminToken);

            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("--reason", run.Error, StringComparison.Ordinal);
            Assert.Equal(Contracts.Jobs.JobState.Running, (await fixture.Client.GetAsync(job.JobId)).State);
        }
        finally
        {
            await fixture.Client.StopAsync(job.JobId, "test over");
        }
    }

    [Theory]
    [InlineData("submit", "--name", "down", "--", "true")]
    [InlineData("logs", "job-1", "--follow")]
    [InlineData("list")]
    public async Task SiloDown_ExitsFiveWithOneLine(params string[] arguments)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var run = await CliRun.RunAsync(url, arguments, _folder);

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.StartsWith($"error: cannot reach JobHub at {url.AbsoluteUri.TrimEnd('/')}", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

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
