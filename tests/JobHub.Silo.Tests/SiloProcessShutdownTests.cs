using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// Nothing a silo starts outlives it (issue 9): a job whose process ignores SIGTERM and forked a child that ignores it
/// too, with the silo stopped by SIGTERM, and with the silo killed by SIGKILL and started again on its data folder.
/// </summary>
public sealed class SiloProcessShutdownTests : IDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitRoom = TimeSpan.FromSeconds(3);

    // One node of 2 vCPU that each job takes whole; the default process grace (10 s) equals the shutdown timeout,
    // as in the issue. The reminder delay is long: after a crash only the start-up recovery reconciles the job.
    private static readonly string[] Settings =
    [
        "--JobHub:LocalNodes:VcpuPerNode", "2",
        "--JobHub:Silo:ShutdownTimeout", "00:00:10",
        "--JobHub:Jobs:StopGracePeriod", "00:00:10",
        "--JobHub:Jobs:ReconcileReminderDelay", "00:10:00",
    ];

    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-shutdown-").FullName;
    private readonly string _scratch = Directory.CreateTempSubdirectory("jobhub-shutdown-pids-").FullName;
    private readonly List<LinuxProcess> _seen = [];

    [Fact]
    public async Task GracefulStop_JobIgnoringSigterm_SiloExitsWithinItsShutdownTimeout_AndNoProcessOfTheJobRuns()
    {
        await using var silo = await SiloProcess.StartAsync(_data, Settings);
        var (jobId, leader, child) = await SubmitStubbornJobAsync(silo.Http);
        Assert.True(File.Exists(RecordOf(leader)), "the process record is written while the process runs");

        var clock = Stopwatch.StartNew();
        silo.Process.Signal(ProcessSignals.SigTerm);

        // The host stops within its shutdown timeout; the runtime's own exit after that gets a little room on a
        // loaded 2-core machine. The processes are killed at the shutdown grace (5 s here), well before either.
        Assert.Equal(0, await silo.Process.WaitForExitAsync(ShutdownTimeout + ExitRoom));

        Assert.True(clock.Elapsed < ShutdownTimeout + ExitRoom, $"the silo took {clock.Elapsed} to stop");
        Assert.False(leader.IsRunning, $"the job's process (pid {leader.Pid}) outlived the silo");
        Assert.False(child.IsRunning, $"the child of the job's process (pid {child.Pid}) outlived the silo");
        Assert.False(File.Exists(RecordOf(leader)), "the process record is deleted once the process is reaped");

        // Killed by its node's stop or by the silo's deadline sweep, whichever came first at the grace's end.
        Assert.Matches($@"Kill(ed the process tree of|ing) {Regex.Escape(jobId)}/master \(pid {leader.Pid}\)", silo.Process.Output);
    }

    [Fact]
    public async Task KilledSilo_OrphanIgnoringSigterm_IsKilledByTheNextSiloBeforeItTakesWork_AndItsJobEndsFailed()
    {
        string jobId;
        LinuxProcess leader, child;
        await using (var silo = await SiloProcess.StartAsync(_data, Settings))
        {
            (jobId, leader, child) = await SubmitStubbornJobAsync(silo.Http);
            silo.Process.Signal(ProcessSignals.SigKill);
            await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        // The crash leaves them running, re-parented, with their record on disk.
        Assert.True(leader.IsRunning, "the job's process should survive the silo's SIGKILL");
        Assert.True(child.IsRunning, "the child should survive the silo's SIGKILL");
        Assert.True(File.Exists(RecordOf(leader)));

        await using var again = await SiloProcess.StartAsync(_data, Settings);

        // Gone by the time the new silo answers /health, before any job could be placed on the node.
        Assert.False(leader.IsRunning, $"the orphan (pid {leader.Pid}) still runs beside the new silo");
        Assert.False(child.IsRunning, $"the orphan's child (pid {child.Pid}) still runs beside the new silo");
        Assert.False(File.Exists(RecordOf(leader)));
        Assert.Contains($"Killed orphan {jobId}/master (pid {leader.Pid}) on node local-1", again.Process.Output, StringComparison.Ordinal);

        // Its job is reconciled as before: failed, with its reason, and still readable.
        JsonElement job = default;
        await Eventually.WaitUntilAsync(
            async () => (job = await again.Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}")).GetProperty("state").GetString() == "failed",
            $"job {jobId} ends failed after the restart",
            TimeSpan.FromSeconds(30));
        Assert.StartsWith("master lost: local-1 no longer runs its process", job.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync($"/api/v1/jobs/{jobId}")).StatusCode);

        // The node is free and takes work again.
        var next = await SubmitAsync(again.Http, "echo after the orphan");
        var nextId = next.GetProperty("jobId").GetString()!;
        await Eventually.WaitUntilAsync(
            async () => (await again.Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{nextId}")).GetProperty("state").GetString() == "completed",
            $"the next job {nextId} completes on the node",
            TimeSpan.FromSeconds(30));

        again.Process.Signal(ProcessSignals.SigTerm);
        Assert.Equal(0, await again.Process.WaitForExitAsync(ShutdownTimeout));
    }

    public void Dispose()
    {
        foreach (var process in _seen)
        {
            process.KillIfRunning();
        }

        foreach (var folder in new[] { _data, _scratch })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string RecordOf(LinuxProcess process) => Path.Combine(_data, "processes", "local-1", $"{process.Pid}-{process.StartTime}.json");

    /// <summary>A job whose master ignores SIGTERM and forks a child that ignores it too (its pid in a file).</summary>
    private async Task<(string JobId, LinuxProcess Leader, LinuxProcess Child)> SubmitStubbornJobAsync(HttpClient http)
    {
        var childPidFile = Path.Combine(_scratch, $"child-{Guid.NewGuid():N}.pid");
        var job = await SubmitAsync(http, $"trap '' TERM; sh -c 'trap \"\" TERM; while :; do sleep 0.1; done' & echo $! > '{childPidFile}'; while :; do sleep 0.1; done");
        var jobId = job.GetProperty("jobId").GetString()!;
        Assert.Equal("running", job.GetProperty("state").GetString());
        var workers = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}/workers");
        var leader = LinuxProcess.Find(workers[0].GetProperty("pid").GetInt32()) ?? throw new InvalidOperationException("The job's process does not run.");
        _seen.Add(leader);
        var child = await LinuxProcess.FromPidFileAsync(childPidFile);
        _seen.Add(child);
        return (jobId, leader, child);
    }

    private static async Task<JsonElement> SubmitAsync(HttpClient http, string script)
    {
        var spec = new { name = "stubborn", command = "/bin/sh", arguments = new[] { "-c", script }, nodeType = "local", processResources = new { vcpu = 2, memoryMiB = 64 } };
        var response = await http.PostAsJsonAsync("/api/v1/jobs", spec);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
