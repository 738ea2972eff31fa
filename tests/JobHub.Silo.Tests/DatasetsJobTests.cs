using System.Net;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>Jobs that name datasets, on a real silo process: the files are in the working folder, read-only; a dataset the submitter cannot read is refused at submit.</summary>
public sealed class DatasetsJobTests(DatasetsSiloFixture fixture) : IClassFixture<DatasetsSiloFixture>
{
    [Fact]
    public async Task Job_SeesItsDatasetsReadOnlyInItsFolder_AndCannotChangeTheStoredCopies()
    {
        var jill = await fixture.TokenOfAsync("jill");
        var ben = await fixture.TokenOfAsync("ben");
        await fixture.UploadAsync(jill, "input.bin", DatasetsContent.Generated(3 << 20, 50), HttpStatusCode.Created);
        await fixture.UploadAsync(ben, "shared.csv", DatasetsContent.Generated(4096, 51), HttpStatusCode.Created, "?visibility=public");
        var inputSha = DatasetsContent.Sha256Of(3 << 20, 50);
        var sharedSha = DatasetsContent.Sha256Of(4096, 51);

        // The job checks the hashes and the modes, then tries to change both files and the folder.
        const string Script =
            "cd datasets && sha256sum input.bin shared.csv && stat -c 'mode %a %n' input.bin shared.csv . && " +
            "(echo tampered >> input.bin; echo tampered > shared.csv; touch new-file) 2>/dev/null; echo done";
        var job = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", jill, new
        {
            name = "reads datasets",
            command = "/bin/sh",
            arguments = new[] { "-c", Script },
            nodeType = "local",
            datasets = new[] { "input.bin", "ben/shared.csv" },
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        });
        var id = job.GetProperty("jobId").GetString()!;
        var ended = await WaitForEndAsync(jill, id);
        var log = await LogAsync(jill, id);
        Assert.True(ended.GetProperty("state").GetString() == "completed", $"{ended}\n{log}");
        Assert.Contains($"{inputSha}  input.bin", log, StringComparison.Ordinal);
        Assert.Contains($"{sharedSha}  shared.csv", log, StringComparison.Ordinal);
        Assert.Contains("mode 444 input.bin", log, StringComparison.Ordinal);
        Assert.Contains("mode 444 shared.csv", log, StringComparison.Ordinal);
        Assert.Contains("mode 555 .", log, StringComparison.Ordinal);

        // Whatever the job did to its copies, the stored datasets are unchanged.
        var (input, _, r1) = await fixture.DownloadAsync(jill, "jill", "input.bin");
        r1.Dispose();
        var (shared, _, r2) = await fixture.DownloadAsync(ben, "ben", "shared.csv");
        r2.Dispose();
        Assert.Equal(inputSha, input);
        Assert.Equal(sharedSha, shared);
    }

    [Fact]
    public async Task Job_NamingADatasetItsSubmitterCannotRead_IsRefusedAtSubmit_WithTheDatasetNamed()
    {
        var kim = await fixture.TokenOfAsync("kim");
        var lou = await fixture.TokenOfAsync("lou");
        await fixture.UploadAsync(lou, "private.bin", DatasetsContent.Generated(100, 60), HttpStatusCode.Created);
        var before = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs?limit=500", kim)).GetProperty("jobs").GetArrayLength();

        foreach (var named in new[] { "lou/private.bin", "not-uploaded.bin" })
        {
            var refused = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/jobs", kim, new { name = "nosy", command = "true", nodeType = "local", datasets = new[] { named } });
            Assert.Contains(named, refused.GetProperty("errors").GetProperty("datasets")[0].GetString(), StringComparison.Ordinal);
        }

        // A malformed entry is a 400 naming the field, before anything is looked up.
        var bad = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/jobs", kim, new { name = "escape", command = "true", nodeType = "local", datasets = new[] { "../etc/passwd", "a", "a" } });
        Assert.Equal(2, bad.GetProperty("errors").GetProperty("datasets").GetArrayLength());
        Assert.Equal(before, (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs?limit=500", kim)).GetProperty("jobs").GetArrayLength());
    }

    private async Task<JsonElement> WaitForEndAsync(string token, string id)
    {
        JsonElement job = default;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                job = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}", token);
                return job.GetProperty("state").GetString() is "completed" or "failed" or "stopped" or "timedOut";
            },
            $"job {id} ends",
            TimeSpan.FromSeconds(60));
        return job;
    }

    private async Task<string> LogAsync(string token, string id)
    {
        var logs = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/logs?limit=1000", token);
        return string.Join('\n', logs.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
    }
}
