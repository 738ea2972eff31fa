using System.Globalization;
using System.Net;
using System.Text.Json;
using JobHub.Contracts.Metrics;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// <c>/api/v1/jobs/{id}/metrics</c> through the real HTTP API of a real silo process: values reported are read back in
/// time order, the bounds hold, bad reports are 400s naming the field (and keep nothing), only the owner and the job's
/// own token may report or read, and an ended job's metrics are read-only.
/// </summary>
public sealed class JobMetricsApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private string _owner = null!;
    private string _other = null!;

    public async Task InitializeAsync()
    {
        _owner = await fixture.TokenOfAsync("mona");
        _other = await fixture.TokenOfAsync("ned");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ReportedValues_AreReadBackOldestFirst_ByNameAndSince()
    {
        var id = await RunningJobAsync();
        await ReportAsync(id, _owner, new { name = "queue_length", value = 7.5, time = Base.AddSeconds(2) });
        await ReportAsync(id, _owner, new { name = "queue_length", value = 3, time = Base.AddSeconds(1) });
        await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics/batch", _owner, new
        {
            samples = new object[] { new { name = "loss", value = 0.25, time = Base }, new { name = "queue_length", value = 9, time = Base.AddSeconds(3) } },
        });
        await ReportAsync(id, _owner, new { name = "no.time-given_1", value = -1 });

        var all = await MetricsAsync(id, _owner, string.Empty);
        Assert.Equal(["loss", "no.time-given_1", "queue_length"], all.Keys);
        Assert.Equal([3.0, 7.5, 9.0], all["queue_length"].Select(s => s.Value));
        Assert.Equal([Base.AddSeconds(1), Base.AddSeconds(2), Base.AddSeconds(3)], all["queue_length"].Select(s => s.Time));

        // A value sent without a time is stamped with the silo's clock: now, not the epoch.
        Assert.True(all["no.time-given_1"].Single().Time > TimeProvider.System.GetUtcNow().AddMinutes(-5), all["no.time-given_1"].Single().ToString());

        var since = await MetricsAsync(id, _owner, "?name=queue_length&since=" + Uri.EscapeDataString(Base.AddSeconds(2).ToString("O", CultureInfo.InvariantCulture)));
        Assert.Equal(["queue_length"], since.Keys);
        Assert.Equal([7.5, 9.0], since["queue_length"].Select(s => s.Value));
        await StopAsync(id);
    }

    [Fact]
    public async Task Samples_KeepTheNewestThousandPerName_AndAJobHasAtMost32Names()
    {
        var id = await RunningJobAsync();
        for (var batch = 0; batch < 11; batch++)
        {
            var samples = Enumerable.Range(batch * 100, 100).Select(i => new { name = "steps", value = (double)i, time = Base.AddSeconds(i) }).ToArray();
            await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics/batch", _owner, new { samples });
        }

        var kept = (await MetricsAsync(id, _owner, "?name=steps"))["steps"];
        Assert.Equal(MetricLimits.MaxSamplesPerName, kept.Count);
        Assert.Equal(100.0, kept[0].Value);
        Assert.Equal(1099.0, kept[^1].Value);

        for (var n = 1; n < MetricLimits.MaxNamesPerJob; n++)
        {
            await ReportAsync(id, _owner, new { name = "m" + n, value = n });
        }

        var refused = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics", _owner, new { name = "one_too_many", value = 1 });
        Assert.Contains("at most 32 metric names", Error(refused, "name"), StringComparison.Ordinal);
        await ReportAsync(id, _owner, new { name = "m1", value = 2 });
        Assert.Equal(MetricLimits.MaxNamesPerJob, (await MetricsAsync(id, _owner, string.Empty)).Count);
        await StopAsync(id);
    }

    [Theory]
    [InlineData("""{"value":1}""", "name", "required")]
    [InlineData("""{"name":"","value":1}""", "name", "required")]
    [InlineData("""{"name":"9lives","value":1}""", "name", "starts with a letter")]
    [InlineData("""{"name":"has space","value":1}""", "name", "A-Z a-z 0-9")]
    [InlineData("""{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","value":1}""", "name", "at most 64")]
    [InlineData("""{"name":"q"}""", "value", "required")]
    [InlineData("""{"name":"q","value":1,"time":"2999-01-01T00:00:00Z"}""", "time", "ahead of the server's clock")]
    public async Task BadReports_Are400NamingTheField_AndKeepNothing(string body, string field, string rule)
    {
        var id = await RunningJobAsync();
        using var response = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/jobs/{id}/metrics", _owner, JsonDocument.Parse(body).RootElement);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains(rule, Error(JsonDocument.Parse(text).RootElement, field), StringComparison.Ordinal);
        Assert.Empty(await MetricsAsync(id, _owner, string.Empty));
        await StopAsync(id);
    }

    [Fact]
    public async Task BadBatches_Are400NamingTheEntry_AndKeepNothing()
    {
        var id = await RunningJobAsync();
        var empty = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics/batch", _owner, new { samples = Array.Empty<object>() });
        Assert.Contains("1 to 100", Error(empty, "samples"), StringComparison.Ordinal);
        var tooMany = Enumerable.Range(0, 101).Select(i => new { name = "x", value = 1.0 }).ToArray();
        await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics/batch", _owner, new { samples = tooMany });

        var oneBad = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics/batch", _owner, new
        {
            samples = new object[] { new { name = "good", value = 1 }, new { name = "bad name", value = 2 } },
        });
        Assert.Contains("A-Z a-z 0-9", Error(oneBad, "samples[1].name"), StringComparison.Ordinal);
        Assert.Empty(await MetricsAsync(id, _owner, string.Empty));

        var badQuery = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, $"/api/v1/jobs/{id}/metrics?name=no%20spaces", _owner);
        Assert.Contains("A-Z a-z 0-9", Error(badQuery, "name"), StringComparison.Ordinal);
        await StopAsync(id);
    }

    [Fact]
    public async Task OnlyTheOwnerAndTheJobsToken_ReportAndRead()
    {
        var other = await RunningJobAsync();
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", _owner, new
        {
            name = "shows its token",
            command = "/bin/sh",
            arguments = new[] { "-c", "echo \"token=$JOBHUB_JOB_TOKEN\"; sleep 600" },
            nodeType = "local",
            timeLimit = "01:00:00",
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        })).GetProperty("jobId").GetString()!;
        string? token = null;
        await Eventually.WaitUntilAsync(
            async () => (token = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/logs", _owner)).GetProperty("entries").EnumerateArray()
                .Select(l => l.GetProperty("text").GetString()!).FirstOrDefault(t => t.StartsWith("token=", StringComparison.Ordinal))?["token=".Length..]) is not null,
            $"job {id} printed its token");

        // The job's own processes report with its token; the owner reads what they reported.
        await ReportAsync(id, token!, new { name = "from_the_job", value = 1 });
        Assert.Equal(1.0, (await MetricsAsync(id, _owner, string.Empty))["from_the_job"].Single().Value);
        Assert.Single(await MetricsAsync(id, token!, string.Empty));

        foreach (var (who, caller, expected) in new (string, string?, HttpStatusCode)[]
        {
            ("anon", null, HttpStatusCode.Unauthorized),
            ("another user", _other, HttpStatusCode.NotFound),
            ("an admin", fixture.AdminToken, HttpStatusCode.NotFound),
        })
        {
            using var report = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/jobs/{id}/metrics", caller, new { name = "intruder", value = 1 });
            Assert.True(report.StatusCode == expected, $"report by {who}: {(int)report.StatusCode} {await report.Content.ReadAsStringAsync()}");
            using var read = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/jobs/{id}/metrics", caller);
            Assert.True(read.StatusCode == expected, $"read by {who}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
            Assert.DoesNotContain("from_the_job", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A job's token is for that job only (as for its other reads: 401 elsewhere).
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, $"/api/v1/jobs/{other}/metrics", token, new { name = "elsewhere", value = 1 });
        Assert.Equal(["from_the_job"], (await MetricsAsync(id, _owner, string.Empty)).Keys);
        Assert.Empty(await MetricsAsync(other, _owner, string.Empty));

        var unknown = await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/jobs/job-000000000000/metrics", _owner, new { name = "x", value = 1 });
        Assert.Contains("job-000000000000", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await StopAsync(id);
        await StopAsync(other);
    }

    [Fact]
    public async Task AnEndedJobsMetrics_AreReadButNotWritten_409()
    {
        var id = await RunningJobAsync();
        await ReportAsync(id, _owner, new { name = "before_the_end", value = 4 });
        await StopAsync(id);
        await fixture.WaitForStateAsync(id, _owner, "stopped");

        var refused = await fixture.ExpectAsync(HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics", _owner, new { name = "after_the_end", value = 5 });
        Assert.Contains("has ended", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["before_the_end"], (await MetricsAsync(id, _owner, string.Empty)).Keys);
    }

    private static string Error(JsonElement problem, string field) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
            ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : throw new Xunit.Sdk.XunitException($"No error for '{field}' in {problem}");

    private Task ReportAsync(string id, string token, object body) =>
        fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics", token, body);

    private async Task<Dictionary<string, List<MetricSample>>> MetricsAsync(string id, string token, string query)
    {
        var metrics = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/metrics{query}", token);
        Assert.Equal(id, metrics.GetProperty("jobId").GetString());
        return metrics.GetProperty("metrics").EnumerateArray().ToDictionary(
            m => m.GetProperty("name").GetString()!,
            m => m.GetProperty("samples").EnumerateArray().Select(s => new MetricSample(s.GetProperty("time").GetDateTimeOffset(), s.GetProperty("value").GetDouble())).ToList(),
            StringComparer.Ordinal);
    }

    private Task StopAsync(string id) =>
        fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", _owner, new { reason = "done" });

    private async Task<string> RunningJobAsync()
    {
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", _owner, new
        {
            name = "reports metrics",
            command = "sleep",
            arguments = new[] { "600" },
            nodeType = "local",
            timeLimit = "01:00:00",
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        })).GetProperty("jobId").GetString()!;
        await fixture.WaitForStateAsync(id, _owner, "running");
        return id;
    }
}
