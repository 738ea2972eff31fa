using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JobHub.Client.Tests;

/// <summary>
/// What <c>jobhub</c> prints from users and jobs: split log lines joined back, control characters escaped (unless
/// <c>logs --raw</c>), table cells kept on one line, and a broken server answer turned into one line and an exit code.
/// </summary>
public sealed class JobHubCliOutputTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private const int LongLine = 100 * 1024; // over 64 KiB: six 16 KiB pieces and a bit

    [Fact]
    public async Task Logs_LineLongerThanTheSplitLimit_ComesOutAsOneLine()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell($"echo before; head -c {LongLine} /dev/zero | tr '\\000' x; echo; echo after"));
        await fixture.Client.WaitForCompletionAsync(job.JobId);
        var stored = await fixture.Client.ReadLogsAsync(job.JobId, limit: 100);
        Assert.True(stored.Entries.Count(e => e.IsContinuation) >= 6, "the node should store the long line in pieces marked as continuations");

        var logs = await JobHubAsync(["logs", job.JobId]);
        var follow = await JobHubAsync(["logs", job.JobId, "--follow"]);
        var raw = await JobHubAsync(["logs", job.JobId, "--raw"]);

        var expected = new[] { "before", new string('x', LongLine), "after" };
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal(expected, logs.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expected, follow.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expected, raw.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("after\n", logs.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitFollow_LongLine_ComesOutAsOneLine()
    {
        var run = await JobHubAsync(["submit", "--follow", "--vcpu", "0.25", "--memory", "64", "--", "/bin/sh", "-c", $"head -c {LongLine} /dev/zero | tr '\\000' y; echo; echo done >&2"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([new string('y', LongLine)], run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)); // the first line is the job id
        Assert.Contains("\ndone\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_ControlCharacters_AreEscapedExceptTab_AndRawPrintsThem()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("printf 'red\\033[31mX\\tY\\rZ\\007\\n'; printf 'err\\033[2J\\n' >&2"));
        await fixture.Client.WaitForCompletionAsync(job.JobId);

        var logs = await JobHubAsync(["logs", job.JobId]);
        var raw = await JobHubAsync(["logs", job.JobId, "--raw"]);

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal("red\\u001b[31mX\tY\\u000dZ\\u0007\n", logs.Out);
        Assert.Equal("err\\u001b[2J\n", logs.Error);
        Assert.Equal("red\u001b[31mX\tY\rZ\u0007\n", raw.Out);
        Assert.Equal("err\u001b[2J\n", raw.Error);
    }

    [Fact]
    public async Task ListAndStatus_ReasonWithLineBreaks_StaysOnOneLinePerRow()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("exec sleep 60", name: "multi-line-reason"));
        await fixture.WaitForStateAsync(job.JobId, JobState.Running);
        await fixture.Client.StopAsync(job.JobId, "first\nsecond\tthird");
        await fixture.Client.WaitForCompletionAsync(job.JobId);

        var list = await JobHubAsync(["list", "--limit", "500"]);
        var status = await JobHubAsync(["status", job.JobId]);

        Assert.True(list.ExitCode == 0, list.ToString());
        var row = Assert.Single(list.Out.Split('\n'), l => l.StartsWith(job.JobId, StringComparison.Ordinal));
        Assert.Contains("first\\u000asecond\\u0009thi", row, StringComparison.Ordinal);
        Assert.DoesNotContain(list.Out.Split('\n'), l => l.StartsWith("second", StringComparison.Ordinal));
        Assert.Contains("first\\u000asecond\\u0009third", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndStatus_HostileServer_PrintNoRawControlCharacters()
    {
        const string Name = "evil\u001b[2J\u001b[31mred\u0000nul\nnewline\u202eesrever";
        var now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var summary = new JobSummary("job-evil", Name, "own\u001b[0mer", JobState.Failed, "reason\r\nwith\u0007bell", now, now, now);
        var info = new JobInfo
        {
            JobId = "job-evil",
            Owner = "own\u001b[0mer",
            Spec = SiloFixture.Shell("echo \u001b[5mblink", name: Name) with { NodeType = "lo\u001bcal" },
            State = JobState.Failed,
            Reason = "reason\r\nwith\u0007bell",
            SubmittedAt = now,
            TimeLimit = TimeSpan.FromHours(1),
            Summary = new JobResultsSummary("{\n  \"a\": \"\u001b[31m\"\n}", false, false),
            History = [new JobTransition(JobState.Failed, now, "hist\u001b[1Aory")],
        };
        await using var server = await FakeJobHubServer.StartAsync(app =>
        {
            app.MapGet("/api/v1/jobs", () => Results.Text(JsonSerializer.Serialize(new JobPage([summary], null), JobHubJson.Options), "application/json"));
            app.MapGet("/api/v1/jobs/job-evil", () => Results.Text(JsonSerializer.Serialize(info, JobHubJson.Options), "application/json"));
        });

        var list = await CliRun.RunAsync(server.Url, ["list"]);
        var status = await CliRun.RunAsync(server.Url, ["status", "job-evil"]);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(2, list.Out.TrimEnd('\n').Split('\n').Length); // header and one row
        Assert.Contains("evil\\u001b[2J\\u001b[31mred\\u0000nul\\u000anewline\\u202e", list.Out, StringComparison.Ordinal);
        Assert.Contains("evil\\u001b[2J", status.Out, StringComparison.Ordinal);
        Assert.Contains("reason\\u000d\\u000awith\\u0007bell", status.Out, StringComparison.Ordinal);
        Assert.Contains("hist\\u001b[1Aory", status.Out, StringComparison.Ordinal);
        foreach (var output in new[] { list.Out, status.Out })
        {
            Assert.DoesNotContain(output, c => (char.IsControl(c) && c != '\n') || c == '\u202e');
        }
    }

    [Fact]
    public async Task Status_BrokenServerAnswers_OneLineAndExitFive()
    {
        await using var server = await FakeJobHubServer.StartAsync(app =>
        {
            app.MapGet("/api/v1/jobs/job-garbage", () => Results.Text("{ not json", "application/json"));
            app.MapGet("/api/v1/jobs/job-html", () => Results.Content("<html>\u001b[31m Bad gateway</html>", "text/html", statusCode: 502));
            app.MapGet("/api/v1/jobs/job-empty", () => Results.Text("null", "application/json"));
        });

        foreach (var id in new[] { "job-garbage", "job-html", "job-empty" })
        {
            var run = await CliRun.RunAsync(server.Url, ["status", id]);

            Assert.True(run.ExitCode == 5, run.ToString());
            Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
            Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', run.Error);
        }
    }

    [Fact]
    public async Task Logs_TailAndAfter_PickTheirEntries()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("for i in 1 2 3 4 5; do echo $i; done"));
        await fixture.Client.WaitForCompletionAsync(job.JobId);

        var tail = await JobHubAsync(["logs", job.JobId, "--tail", "2"]);
        var after = await JobHubAsync(["logs", job.JobId, "--after", "3"]);
        var afterFollow = await JobHubAsync(["logs", job.JobId, "--after", "4", "--follow"]);

        Assert.Equal("4\n5\n", tail.Out);
        Assert.Equal("4\n5\n", after.Out);
        Assert.Equal("5\n", afterFollow.Out);
    }

    private Task<CliRun> JobHubAsync(string[] arguments) => CliRun.RunAsync(fixture.Url, arguments, timeout: TimeSpan.FromSeconds(60), token: fixture.Silo.AdminToken);
}
