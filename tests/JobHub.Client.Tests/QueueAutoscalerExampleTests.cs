using System.Diagnostics;
using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>
/// <c>examples/queue-autoscaler</c> run as its README says, against a real silo: its real processes drain a queue of files,
/// the master reports the queue's length with the built <c>jobhub</c>, and the scaler takes the job 1 → 10 → 1 workers.
/// </summary>
public sealed class QueueAutoscalerExampleTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task QueueDemo_GrowsTo10WorkersWhileTheQueueIsLong_DrainsIt_AndEndsBackAt1()
    {
        var script = Path.Combine(RepositoryPaths.Root, "examples", "queue-autoscaler", "submit.sh");
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("--follow");
        info.Environment["JOBHUB"] = $"dotnet {CliRun.Assembly}";
        info.Environment["JOBHUB_URL"] = fixture.Url.AbsoluteUri;
        info.Environment["JOBHUB_TOKEN"] = fixture.Silo.AdminToken;
        info.Environment["XDG_CONFIG_HOME"] = CliRun.NoConfigHome;
        info.Environment.Remove("JOBHUB_DATA_DIR");

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the demo did not end within 5 minutes: {await output} {await error}");
            }
        }

        var stdout = await output;
        var run = $"exit {process.ExitCode}; stdout: {stdout}; stderr: {await error}";
        Assert.True(process.ExitCode == 0, run);
        var jobId = stdout.Split('\n')[0].Trim();
        Assert.Contains("master: 150 items queued", stdout, StringComparison.Ordinal);

        // The scaler's decisions, from the job's history: up to 10 while the queue was long, back to 1 once it drained.
        var decisions = (await fixture.Client.GetHistoryAsync(jobId)).Where(t => t.Scaling is not null).Select(t => t.Scaling!).ToList();
        Assert.True(decisions.Count >= 3, run);
        Assert.Equal(1, decisions[0].WorkersBefore);
        Assert.Equal(10, decisions.Max(d => d.WorkersAfter));
        Assert.Equal(1, decisions[^1].WorkersAfter);
        Assert.InRange(decisions[^1].Average!.Value, 0, 10); // one worker's worth (target 10) or less
        Assert.All(decisions.Zip(decisions.Skip(1)), p => Assert.Equal(p.First.WorkersAfter, p.Second.WorkersBefore));

        // Every item was done, by 10 different workers (and no more: the 11 processes hold 10 worker slots).
        var job = await fixture.Client.GetAsync(jobId);
        Assert.Equal(JobState.Completed, job.State);
        using var summary = JsonDocument.Parse(job.Summary!.Content);
        Assert.Equal(150, summary.RootElement.GetProperty("items").GetInt32());
        Assert.Equal(10, summary.RootElement.GetProperty("workers").GetInt32());

        // The workers said when they waited for work (jobhub worker idle, with the job's token), and it got through.
        Assert.DoesNotContain("could not say it is", run, StringComparison.Ordinal);
        Assert.Matches(@"worker \d+: idle", stdout);
    }
}
