using JobHub.Agent.Processes;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;

namespace JobHub.Grains.Tests;

public sealed class SingleProcessJobTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ExitCodeZero_CompletesWithHistoryAndLogs()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("echo hello from $JOBHUB_ROLE $JULIAHUB_JOB_ID; echo oops >&2; exit 0"));

        var info = await _host.WaitForStateAsync(jobId, JobState.Completed);

        Assert.Equal(0, info.ExitCode);
        Assert.Equal("master exited with code 0", info.Reason);
        Assert.Equal([JobState.Submitted, JobState.Starting, JobState.Running, JobState.Completed], info.History.Select(t => t.State));
        Assert.NotNull(info.StartedAt);
        Assert.NotNull(info.EndedAt);
        var logs = await _host.Logs.ReadAsync(jobId, 0, 100);
        Assert.Contains(logs, l => l.Text == $"hello from master {jobId}" && l.Stream == LogStreamKind.StandardOutput && l.Process == $"{jobId}/master" && l.WorkerIndex == 0);
        Assert.Contains(logs, l => l.Text == "oops" && l.Stream == LogStreamKind.StandardError);
    }

    [Fact]
    public async Task ExitCodeNonZero_FailsWithTheCode()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exit 3"));

        var info = await _host.WaitForStateAsync(jobId, JobState.Failed);

        Assert.Equal(3, info.ExitCode);
        Assert.Contains("exited with code 3", info.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingExecutable_FailsWithTheStartError()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("x") with { Command = "/no/such/program", Arguments = [] });

        var info = await _host.WaitForStateAsync(jobId, JobState.Failed);

        Assert.Contains("could not start", info.Reason, StringComparison.Ordinal);
        Assert.Contains("/no/such/program", info.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeLimit_Reached_TimesOutAndStopsTheProcess()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exec sleep 30") with { TimeLimit = TimeSpan.FromMilliseconds(500) });

        var info = await _host.WaitForStateAsync(jobId, JobState.TimedOut);

        Assert.Contains("time limit of 00:00:00.5000000 reached", info.Reason, StringComparison.Ordinal);
        var master = await _host.WaitForWorkerAsync(jobId, 0, w => w.Status == WorkerStatus.Exited, "exited after the stop");
        Assert.Contains("stopped", master.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extend_ByOwner_LetsTheJobRunPastItsFirstLimit()
    {
        var (jobId, submitted) = await _host.SubmitAsync(JobsHost.Shell("sleep 1.5; exit 0") with { TimeLimit = TimeSpan.FromSeconds(1) });
        Assert.Equal(JobState.Running, submitted.State);

        var extended = await _host.Job(jobId).Extend(JobsHost.Owner, TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(31), extended.TimeLimit);
        var info = await _host.WaitForStateAsync(jobId, JobState.Completed);
        Assert.DoesNotContain(info.History, t => t.State == JobState.TimedOut);
    }

    [Fact]
    public async Task Extend_BySomeoneElse_IsRefused()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exec sleep 30"));

        await Assert.ThrowsAsync<JobAccessDeniedException>(() => _host.Job(jobId).Extend("mallory", TimeSpan.FromMinutes(1)));
        await _host.Job(jobId).Stop(JobsHost.Owner, "cleanup");
    }

    [Fact]
    public async Task Stop_ByOwner_StopsTheProcessAndKeepsTheLogs()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("echo started; exec sleep 30"));
        await Eventually.WaitUntilAsync(async () => (await _host.Logs.TailAsync(jobId, 10)).Any(l => l.Text == "started"), "the job should print 'started'");

        await Assert.ThrowsAsync<JobAccessDeniedException>(() => _host.Job(jobId).Stop("mallory", "mine now"));
        var stopped = await _host.Job(jobId).Stop(JobsHost.Owner, "no longer needed");

        Assert.Equal(JobState.Stopped, stopped.State);
        Assert.Equal("stopped by alice: no longer needed", stopped.Reason);
        var master = await _host.WaitForWorkerAsync(jobId, 0, w => w.Status == WorkerStatus.Exited, "exited after the stop");
        Assert.Equal(143, master.ExitCode);
        Assert.Contains(await _host.Logs.TailAsync(jobId, 10), l => l.Text == "started");
    }
}
