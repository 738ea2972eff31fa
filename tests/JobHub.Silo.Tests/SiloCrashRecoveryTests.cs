using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>A silo killed with SIGKILL (no graceful stop, no last reports) and started again on the same data folder.</summary>
public sealed class SiloCrashRecoveryTests : IDisposable
{
    // One node of 2 vCPU that each job takes whole. The reminder delay is long, so a job submitted just
    // before the crash has no reminder: only the start-up recovery can bring it back.
    private static readonly string[] Settings = ["--JobHub:LocalNodes:VcpuPerNode", "2", "--JobHub:Jobs:ReconcileReminderDelay", "00:10:00"];

    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-crash-").FullName;

    [Fact]
    public async Task KilledSilo_JobRunningWithoutAReminderYet_EndsAfterTheRestart_AndItsReservationIsFreed()
    {
        string jobId;
        int pid;
        await using (var silo = await SiloProcess.StartAsync(_data, Settings))
        {
            var job = await SubmitAsync(silo.Http, "exec sleep 60");
            jobId = job.GetProperty("jobId").GetString()!;
            Assert.Equal("running", job.GetProperty("state").GetString());
            var workers = await silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}/workers");
            pid = workers[0].GetProperty("pid").GetInt32();

            silo.Process.Signal(ProcessSignals.SigKill);
            await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        try
        {
            await using var again = await SiloProcess.StartAsync(_data, Settings);

            // Only the job list is read (it activates no job): the silo must find the job by itself.
            JsonElement row = default;
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    var list = await again.Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500");
                    row = list.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("jobId").GetString() == jobId);
                    return row.GetProperty("state").GetString() == "failed";
                },
                $"job {jobId} should be reconciled after the restart and shown as failed in the list",
                TimeSpan.FromSeconds(30));
            Assert.StartsWith("master lost: local-1 no longer runs its process", row.GetProperty("reason").GetString(), StringComparison.Ordinal);

            // Its reservation was given back: a job that needs the whole node runs.
            var next = await SubmitAsync(again.Http, "exit 0");
            Assert.Equal("running", next.GetProperty("state").GetString());
        }
        finally
        {
            try
            {
                Process.GetProcessById(pid).Kill(); // the orphan of the killed silo, if the next silo has not killed it yet
            }
            catch (ArgumentException)
            {
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<JsonElement> SubmitAsync(HttpClient http, string script)
    {
        var spec = new { name = "crash-test", command = "/bin/sh", arguments = new[] { "-c", script }, nodeType = "local", processResources = new { vcpu = 2, memoryMiB = 64 } };
        var response = await http.PostAsJsonAsync("/api/v1/jobs", spec);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
