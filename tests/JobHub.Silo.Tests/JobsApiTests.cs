using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

public sealed class JobsApiTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task SubmitJob_RunsToCompletion_WithLogsSummaryAndResults()
    {
        var job = await SubmitAsync(Shell("""
            echo "hello from $JOBHUB_ROLE"; echo "to stderr" >&2
            printf '{"answer": 42}' > "$JOBHUB_RESULTS_SUMMARY_FILE"
            mkdir -p "$JOBHUB_RESULTS_UPLOAD_DIR/plots" && echo data > "$JOBHUB_RESULTS_UPLOAD_DIR/plots/a.txt"
            """));
        var id = job.GetProperty("jobId").GetString()!;
        Assert.Equal("admin", job.GetProperty("owner").GetString());

        var done = await WaitForStateAsync(id, "completed");
        Assert.Equal(0, done.GetProperty("exitCode").GetInt32());
        Assert.Equal("{\"answer\": 42}", done.GetProperty("summary").GetProperty("content").GetString());
        var states = done.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("state").GetString()).ToList();
        Assert.Equal(["submitted", "starting", "running", "completed"], states);

        var logs = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}/logs");
        var lines = logs.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("stream").GetString(), e.GetProperty("text").GetString())).ToList();
        Assert.Contains(("stdout", "hello from master"), lines);
        Assert.Contains(("stderr", "to stderr"), lines);

        var archive = await Http.GetAsync($"/api/v1/jobs/{id}/results");
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        Assert.Equal(["plots/a.txt"], await TarEntryNamesAsync(await archive.Content.ReadAsStreamAsync()));
        Assert.Equal("data\n", await Http.GetStringAsync($"/api/v1/jobs/{id}/results/files/plots/a.txt"));

        var list = await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500");
        Assert.Contains(list.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("jobId").GetString() == id);
    }

    [Fact]
    public async Task BadSpec_Refused400WithAMessagePerField_AndNothingCreated()
    {
        var before = (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500")).GetProperty("jobs").GetArrayLength();

        var response = await Http.PostAsJsonAsync("/api/v1/jobs", new
        {
            name = "bad",
            command = "",
            nodeType = "no-such-type",
            mode = "distributed",
            distributed = new { nodes = 0, processesPerNode = -1 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("command", out _));
        Assert.True(errors.TryGetProperty("nodeType", out _));
        Assert.True(errors.TryGetProperty("distributed.nodes", out _));
        Assert.True(errors.TryGetProperty("distributed.processesPerNode", out _));
        Assert.Equal(before, (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500")).GetProperty("jobs").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"name":"n","command":"true","nodeType":"local","arguments":null}""", "arguments")]
    [InlineData("""{"name":"n","command":"true","nodeType":"local","distributed":{"nodes":"two"}}""", "distributed.nodes")]
    [InlineData("""{"name":"n","command":""", "command")]
    [InlineData("[1, 2]", "body")]
    public async Task UnreadableBody_Refused400NamingTheField_AndNothingCreated(string body, string field)
    {
        var before = (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500")).GetProperty("jobs").GetArrayLength();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await Http.PostAsync("/api/v1/jobs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(field, Assert.Single(errors.EnumerateObject()).Name);
        Assert.Equal(before, (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500")).GetProperty("jobs").GetArrayLength());
    }

    [Fact]
    public async Task UnknownJob_Is404ProblemDetails()
    {
        var response = await Http.GetAsync("/api/v1/jobs/job-doesnotexist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("job-doesnotexist", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task StopAndExtend_ChangeARunningJob()
    {
        var id = (await SubmitAsync(Shell("sleep 60"))).GetProperty("jobId").GetString()!;
        await WaitForStateAsync(id, "running");

        var extended = await (await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/extend", new { duration = "02:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("03:00:00", extended.GetProperty("timeLimit").GetString());

        var stop = await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/stop", new { reason = "enough" });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        var stopped = await WaitForStateAsync(id, "stopped");
        Assert.Contains("enough", stopped.GetProperty("reason").GetString());

        var tooLate = await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/extend", new { duration = "01:00:00" });
        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
    }

    [Fact]
    public async Task Workers_WaitUntilRunning_AndAcceptTheJobToken()
    {
        var spec = Shell("""printf '{"token":"%s","api":"%s"}' "$JOBHUB_JOB_TOKEN" "$JOBHUB_API_URL" > "$JOBHUB_RESULTS_SUMMARY_FILE"; sleep 30""", distributedElasticWorkers: 1);
        var id = (await SubmitAsync(spec)).GetProperty("jobId").GetString()!;

        var workers = await Http.GetAsync($"/api/v1/jobs/{id}/workers?wait=1&timeout=30");
        Assert.Equal(HttpStatusCode.OK, workers.StatusCode);
        var list = (await workers.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal([0, 1], list.Select(w => w.GetProperty("index").GetInt32()));
        Assert.Equal("running", list[1].GetProperty("status").GetString());

        var notEnough = await Http.GetAsync($"/api/v1/jobs/{id}/workers?wait=5&timeout=0.5");
        Assert.Equal(HttpStatusCode.RequestTimeout, notEnough.StatusCode);

        await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/stop", new { reason = "test over" });
        await WaitForStateAsync(id, "stopped");
        JsonElement ended = default;
        await Eventually.WaitUntilAsync(
            async () => (ended = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("summary").ValueKind == JsonValueKind.Object,
            "the stopped master's summary is collected once it has exited");
        var summary = JsonDocument.Parse(ended.GetProperty("summary").GetProperty("content").GetString()!).RootElement;
        Assert.Equal($"http://127.0.0.1:{fixture.Silo.Port}/", summary.GetProperty("api").GetString());

        using var withToken = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{id}/workers");
        withToken.Headers.Authorization = new("Bearer", summary.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(withToken)).StatusCode);

        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{id}/workers");
        wrongToken.Headers.Authorization = new("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Http.SendAsync(wrongToken)).StatusCode);
    }

    [Fact]
    public async Task LogStream_SendsEveryLineThenEndsWithTheJob()
    {
        var id = (await SubmitAsync(Shell("for i in 1 2 3 4 5; do echo line-$i; done"))).GetProperty("jobId").GetString()!;

        await using var stream = await Http.GetStreamAsync($"/api/v1/jobs/{id}/logs/stream");
        var texts = new List<string>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync())
        {
            Assert.Equal("log", item.EventType);
            texts.Add(JsonDocument.Parse(item.Data).RootElement.GetProperty("text").GetString()!);
        }

        Assert.Equal(["line-1", "line-2", "line-3", "line-4", "line-5"], texts);
    }

    private static object Shell(string script, int distributedElasticWorkers = 0) => distributedElasticWorkers == 0
        ? new { name = "api-test", command = "/bin/sh", arguments = new[] { "-c", script }, nodeType = "local", processResources = new { vcpu = 0.25, memoryMiB = 64 } }
        : new
        {
            name = "api-test",
            command = "/bin/sh",
            arguments = new[] { "-c", script },
            nodeType = "local",
            mode = "distributed",
            distributed = new { nodes = 1, processesPerNode = distributedElasticWorkers + 1, pool = "elastic" },
            processResources = new { vcpu = 0.25, memoryMiB = 64 },
        };

    private async Task<JsonElement> SubmitAsync(object spec)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs", spec);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> WaitForStateAsync(string id, string state)
    {
        JsonElement job = default;
        await Eventually.WaitUntilAsync(
            async () => (job = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() == state,
            $"job {id} reaches {state}",
            TimeSpan.FromSeconds(30));
        return job;
    }

    private static async Task<List<string>> TarEntryNamesAsync(Stream gzip)
    {
        var names = new List<string>();
        await using var reader = new TarReader(new GZipStream(gzip, CompressionMode.Decompress));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                names.Add(entry.Name);
            }
        }

        return names;
    }
}
