using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Testing;
using Microsoft.Data.Sqlite;

namespace JobHub.Silo.Tests;

/// <summary>
/// The embedded silo (SQLite under its data folder) stopped with SIGTERM and started again: a running and a queued
/// job keep their records, their reminders and their logs, and the queued job runs once the other one's node is free.
/// </summary>
public sealed class EmbeddedRestartTests : IDisposable
{
    // One node of 2 vCPU that each job takes whole; every job registers its reminder as it is submitted.
    private static readonly string[] Settings = ["--JobHub:LocalNodes:VcpuPerNode", "2", "--JobHub:Jobs:ReconcileReminderDelay", "00:00:00"];

    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-restart-").FullName;

    [Fact]
    public async Task GracefulRestart_KeepsRunningAndQueuedJobs_TheirRemindersAndLogs()
    {
        string running, queued;
        List<string> linesBefore = [];
        await using (var silo = await SiloProcess.StartAsync(_data, Settings))
        {
            running = await SubmitAsync(silo.Http, "ticker", "i=0; while :; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done");
            queued = await SubmitAsync(silo.Http, "waiter", "echo 'ran after the restart'");
            await Eventually.WaitUntilAsync(async () => (linesBefore = await LinesAsync(silo.Http, running)).Count >= 5, "the running job has logged 5 lines");
            Assert.Equal("queued", await StateAsync(silo.Http, queued));
            await Eventually.WaitUntilAsync(() => Task.FromResult(ReminderCount(running) == 1 && ReminderCount(queued) == 1), "both jobs' reminders are registered");

            silo.Process.Signal(ProcessSignals.SigTerm);
            Assert.Equal(0, await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }

        // Durable across the stop: both reminders are in the file.
        Assert.Equal(1, ReminderCount(running));
        Assert.Equal(1, ReminderCount(queued));

        await using var again = await SiloProcess.StartAsync(_data, Settings);

        // The running job's record and every line it logged are there; its process was stopped with the silo.
        var ended = await WaitForEndAsync(again.Http, running);
        Assert.Equal("failed", ended.GetProperty("state").GetString());
        Assert.Contains(ended.GetProperty("history").EnumerateArray(), t => t.GetProperty("state").GetString() == "running");
        var linesAfter = await LinesAsync(again.Http, running);
        Assert.Equal(linesBefore, linesAfter.Take(linesBefore.Count));

        // The queued job kept its place and runs now that the node is free.
        var done = await WaitForEndAsync(again.Http, queued);
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Contains(done.GetProperty("history").EnumerateArray(), t => t.GetProperty("state").GetString() == "queued");
        Assert.Equal(["ran after the restart"], await LinesAsync(again.Http, queued));

        // The new silo read both reminders back: each job removed its own once it was over.
        await Eventually.WaitUntilAsync(() => Task.FromResult(ReminderCount(running) + ReminderCount(queued) == 0), "the ended jobs removed their reminders");
        again.Process.Signal(ProcessSignals.SigTerm);
        Assert.Equal(0, await again.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private int ReminderCount(string jobId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "jobhub.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reminders WHERE grain_id = $grain AND reminder_name = 'reconcile';";
        command.Parameters.AddWithValue("$grain", $"job/{jobId}");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> SubmitAsync(HttpClient http, string name, string script)
    {
        var spec = new { name, command = "/bin/sh", arguments = new[] { "-c", script }, nodeType = "local", processResources = new { vcpu = 2, memoryMiB = 64 } };
        var response = await http.PostAsJsonAsync("/api/v1/jobs", spec);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
    }

    private static async Task<string?> StateAsync(HttpClient http, string jobId) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}")).GetProperty("state").GetString();

    private static async Task<JsonElement> WaitForEndAsync(HttpClient http, string jobId)
    {
        JsonElement job = default;
        await Eventually.WaitUntilAsync(
            async () => (job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}")).GetProperty("endedAt").ValueKind != JsonValueKind.Null,
            $"job {jobId} ends after the restart",
            TimeSpan.FromSeconds(30));
        return job;
    }

    private static async Task<List<string>> LinesAsync(HttpClient http, string jobId) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}/logs?limit=10000")).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("text").GetString()!)];
}
