using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// The edges a new user found: durations that overflowed, extensions and stops that answered 400 yet changed the job,
/// unknown ids that each left an activation behind, echoed ids of any length. Each refusal names the field and the
/// rule and changes nothing.
/// </summary>
public sealed class JobRequestLimitsTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    /// <summary>A small share of a node, so that the jobs these tests keep running never make the next one wait.</summary>
    private static readonly object Small = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 };

    private HttpClient Http => fixture.Silo.Http;

    [Theory]
    [InlineData("10675199.02:48:05.4775807")]
    [InlineData("9000000.00:00:00")]
    [InlineData("30.00:00:01")]
    public async Task Submit_WithATimeLimitOver30Days_IsRefusedNamingTheField_AndCreatesNothing(string timeLimit)
    {
        var before = await JobIdsAsync();

        var response = await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "long", command = "true", nodeType = await NodeTypeAsync(), timeLimit });

        var problem = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "timeLimit");
        Assert.Contains("at most 30 days", problem.GetProperty("errors").GetProperty("timeLimit")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await JobIdsAsync());
    }

    [Theory]
    [InlineData("10675199.02:48:05.4775807")]
    [InlineData("29.23:59:59")]
    [InlineData("-01:00:00")]
    public async Task Extend_BeyondTheLimitOrNegative_IsRefused_AndTheTimeLimitIsUnchanged(string duration)
    {
        var id = await RunningJobAsync();

        var response = await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/extend", new { duration });

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "duration");
        var job = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        Assert.Equal("00:10:00", job.GetProperty("timeLimit").GetString());
        Assert.Equal("running", job.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Extend_WithinTheLimit_Works()
    {
        var id = await RunningJobAsync();

        var response = await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/extend", new { duration = "29.23:50:00" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("30.00:00:00", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeLimit").GetString());
    }

    [Fact]
    public async Task Stop_WithAHugeOrControlCharacterReason_IsRefused_AndTheJobRuns()
    {
        var id = await RunningJobAsync();

        await AssertRefusedAsync(await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/stop", new { reason = new string('r', 100_000) }), HttpStatusCode.BadRequest, "reason");
        await AssertRefusedAsync(await Http.PostAsJsonAsync($"/api/v1/jobs/{id}/stop", new { reason = "\u001b[2J" }), HttpStatusCode.BadRequest, "reason");

        Assert.Equal("running", (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task UnknownJobIds_AreAnswered404_WithoutLeavingActivationsBehind()
    {
        var before = await JobActivationsAsync();

        for (var i = 0; i < 200; i++)
        {
            var response = await Http.GetAsync($"/api/v1/jobs/job-{i:x12}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Each lookup activated a job grain that found no job; it is gone once the call has been answered.
        await Eventually.WaitUntilAsync(async () => await JobActivationsAsync() <= before + 5, "the job grains of unknown ids are deactivated", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AHugeOrMalformedId_IsAnswered404_WithTheIdShortened()
    {
        var before = await JobActivationsAsync();

        var response = await Http.GetAsync("/api/v1/jobs/" + new string('j', 5000));

        var problem = await AssertRefusedAsync(response, HttpStatusCode.NotFound, field: null);
        Assert.True(problem.GetProperty("detail").GetString()!.Length < 200, problem.GetProperty("detail").GetString());
        Assert.True(await JobActivationsAsync() <= before, "a malformed id activated a job grain");
    }

    [Theory]
    [InlineData("/api/v1/jobs?state=banana", "state", "one of 'submitted'")]
    [InlineData("/api/v1/jobs?limit=abc", "limit", "a whole number")]
    [InlineData("/api/v1/jobs?limit=0", "limit", "between 1 and 500")]
    [InlineData("/api/v1/jobs?cursor=abc", "cursor", "not a cursor this server handed out")]
    [InlineData("/api/v1/jobs?all=maybe", "all", "true or false")]
    [InlineData("/api/v1/jobs?state=7", "state", "one of 'submitted'")]
    [InlineData("/api/v1/jobs?state=running,failed", "state", "one of 'submitted'")]
    public async Task BadQueryValues_AreRefusedNamingTheFieldAndWhatItTakes(string url, string field, string expected)
    {
        var problem = await AssertRefusedAsync(await Http.GetAsync(url), HttpStatusCode.BadRequest, field);

        Assert.Contains(expected, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("running")]
    [InlineData("timedOut")]
    [InlineData("Running")]
    [InlineData("TIMEDOUT")]
    public async Task ListByState_TakesTheApiWords(string state)
    {
        var response = await Http.GetAsync($"/api/v1/jobs?state={state}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RefusedSubmissions_LeaveNoActivationsBehind()
    {
        var before = await JobActivationsAsync();

        for (var i = 0; i < 30; i++)
        {
            var refused = await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "", command = "true", nodeType = await NodeTypeAsync() });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await Eventually.WaitUntilAsync(async () => await JobActivationsAsync() <= before + 2, "the job grains of refused submissions are deactivated", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ExtremeNumbers_AreRefusedWithoutA500()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs", new
        {
            name = "extreme",
            command = "true",
            nodeType = await NodeTypeAsync(),
            mode = "distributed",
            distributed = new { nodes = 1, processesPerNode = 2, pool = "elastic" },
            processResources = new { vcpu = decimal.MinValue, memoryMiB = long.MinValue, gpus = int.MinValue },
        });

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "processResources.vcpu");
    }

    [Fact]
    public async Task LogsWithBothTailAndAfter_AreRefused()
    {
        var id = await RunningJobAsync();

        await AssertRefusedAsync(await Http.GetAsync($"/api/v1/jobs/{id}/logs?tail=5&after=3"), HttpStatusCode.BadRequest, "tail");
    }

    [Fact]
    public async Task WaitingForWorkersOfAnEndedJob_AnswersAtOnceThatItEnded()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "short", command = "true", nodeType = await NodeTypeAsync(), processResources = Small });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        await Eventually.WaitUntilAsync(
            async () => (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() == "completed",
            "the short job completes",
            TimeSpan.FromSeconds(30));

        var waited = await Http.GetAsync($"/api/v1/jobs/{id}/workers?wait=5&timeout=2");

        var problem = await AssertRefusedAsync(waited, HttpStatusCode.Conflict, field: null);
        Assert.Contains("has ended", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), text);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
        }

        return problem;
    }

    private async Task<string> NodeTypeAsync() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/v1/node-types"))[0].GetProperty("name").GetString()!;

    private async Task<string> RunningJobAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "kept", command = "sleep", arguments = new[] { "600" }, nodeType = await NodeTypeAsync(), timeLimit = "00:10:00", processResources = Small });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        await Eventually.WaitUntilAsync(
            async () => (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() == "running",
            "the job runs",
            TimeSpan.FromSeconds(30));
        return id;
    }

    private async Task<List<string>> JobIdsAsync() =>
        [.. (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500&all=true")).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobId").GetString()!).Order(StringComparer.Ordinal)];

    private async Task<long> JobActivationsAsync()
    {
        var cluster = await fixture.Silo.GetClusterAsync();
        return cluster.GetProperty("activationsByType").TryGetProperty("job", out var count) ? count.GetInt64() : 0;
    }
}
