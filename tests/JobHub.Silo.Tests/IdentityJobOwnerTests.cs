using System.Net;
using System.Text.Json;

namespace JobHub.Silo.Tests;

/// <summary>
/// Jobs and API tokens on a real silo process: a job submitted with a user's token is that user's; another user's token
/// cannot stop or extend it; "my jobs" are the token's user's. TRANSITIONAL (docs/identity.md): a caller without a token
/// still acts as the embedded silo's <c>local</c> user on the jobs API.
/// </summary>
public sealed class IdentityJobOwnerTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task JobSubmittedWithAUsersToken_IsTheirs_AndOthersCannotStopIt()
    {
        var olga = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "olga");
        var pete = await fixture.InviteAndAcceptAsync(fixture.AdminToken, "pete");
        var nodeType = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/node-types", token: null))[0].GetProperty("name").GetString();
        var job = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", olga, new
        {
            name = "olga's",
            command = "sleep",
            arguments = new[] { "600" },
            nodeType,
            timeLimit = "00:20:00",
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        });
        var id = job.GetProperty("jobId").GetString()!;
        Assert.Equal("olga", job.GetProperty("owner").GetString());

        // "Mine" is the token's user's; the job is not pete's nor local's.
        Assert.Contains(id, await MyJobsAsync(olga));
        Assert.DoesNotContain(id, await MyJobsAsync(pete));
        Assert.DoesNotContain(id, await MyJobsAsync(token: null));

        var byPete = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", pete, new { reason = "not mine" });
        Assert.Contains("only its owner", byPete.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/jobs/{id}/extend", pete, new { duration = "00:01:00" });
        await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", token: null, new { reason = "local is not olga" });
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", IdentitySiloFixture.NewToken(), new { reason = "unknown token" });
        var state = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}", olga)).GetProperty("state").GetString();
        Assert.NotEqual("stopped", state);

        var stopped = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", olga, new { reason = "done" });
        Assert.Equal("olga", stopped.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task NoToken_StillActsAsLocal_OnTheJobsApi()
    {
        var job = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", token: null, new { name = "local's", command = "true", nodeType = "local" });
        Assert.Equal("local", job.GetProperty("owner").GetString());
        Assert.Contains(job.GetProperty("jobId").GetString(), await MyJobsAsync(token: null));
    }

    private async Task<string?[]> MyJobsAsync(string? token) =>
        [.. (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs?limit=500", token)).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobId").GetString())];
}
