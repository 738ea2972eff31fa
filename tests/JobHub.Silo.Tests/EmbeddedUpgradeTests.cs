using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Testing;
using Microsoft.Data.Sqlite;

namespace JobHub.Silo.Tests;

/// <summary>
/// A data folder of a release that kept the job list in <c>jobs.db</c> (beside the grain state in <c>jobhub.db</c>):
/// the embedded silo started on it imports the list into <c>jobhub.db</c>, renames the old file, and lists the job.
/// </summary>
public sealed class EmbeddedUpgradeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-upgrade-").FullName;

    [Fact]
    public async Task ASiloOnAnOlderDataFolder_ImportsItsJobList_AndListsItsJobs()
    {
        string jobId;
        await using (var silo = await SiloProcess.StartAsync(_data))
        {
            var spec = new { name = "before-upgrade", command = "/bin/sh", arguments = new[] { "-c", "true" }, nodeType = "local", processResources = new { vcpu = 1, memoryMiB = 64 } };
            var response = await silo.Http.PostAsJsonAsync("/api/v1/jobs", spec);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
            await Eventually.WaitUntilAsync(
                async () => (await silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}")).GetProperty("state").GetString() == "completed",
                $"job {jobId} completed");
            silo.Process.Signal(ProcessSignals.SigTerm);
            Assert.Equal(0, await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }

        // Make the folder look like the earlier release's: the job's row in jobs.db, none in jobhub.db.
        var jobs = Path.Combine(_data, "jobs.db");
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "jobhub.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                ATTACH DATABASE $old AS old;
                CREATE TABLE old.jobs (job_id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, state INTEGER NOT NULL,
                    reason TEXT NOT NULL, submitted_ticks INTEGER NOT NULL, started_ticks INTEGER NULL, ended_ticks INTEGER NULL);
                INSERT INTO old.jobs SELECT * FROM main.jobs;
                DELETE FROM main.jobs;
                DETACH DATABASE old;
                """;
            command.Parameters.AddWithValue("$old", jobs);
            await command.ExecuteNonQueryAsync();
        }

        await using var upgraded = await SiloProcess.StartAsync(_data);
        var list = (await upgraded.Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?all=true&limit=500")).GetProperty("jobs").EnumerateArray();
        var listed = Assert.Single(list, j => j.GetProperty("jobId").GetString() == jobId);
        Assert.Equal("completed", listed.GetProperty("state").GetString());
        Assert.False(File.Exists(jobs));
        Assert.True(File.Exists(jobs + ".imported"));
        upgraded.Process.Signal(ProcessSignals.SigTerm);
        Assert.Equal(0, await upgraded.Process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
