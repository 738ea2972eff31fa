using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>Monthly spending quotas over HTTP against a real silo process (2 USD per node-hour).</summary>
public sealed class QuotaApiTests(BillingSiloFixture fixture) : IClassFixture<BillingSiloFixture>
{
    /// <summary>One whole node for an hour: estimated at 2 USD at its time limit.</summary>
    private static readonly object WholeNodeForAnHour = new { name = "hold", command = "sleep", arguments = new[] { "300" }, nodeType = "local", processResources = new { vcpu = 4, memoryMiB = 64 }, timeLimit = "01:00:00" };

    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task UserQuota_SubmissionOverWhatIsLeft_IsRefusedWithTheFigures_AndNothingIsCreated_UntilTheRunningJobSettles()
    {
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await Http.PutAsJsonAsync("/api/v1/admin/quotas/user:admin", new { monthlyLimit = 3 })).StatusCode);
            var running = await SubmitAsync();
            var held = await QuotaAsync("user:admin");
            Assert.Equal(2m, held.GetProperty("reserved").GetDecimal());
            var spent = held.GetProperty("spent").GetDecimal();
            var before = await JobCountAsync();

            var refused = await Http.PostAsJsonAsync("/api/v1/jobs", WholeNodeForAnHour);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("user:admin", problem.GetProperty("account").GetString());
            Assert.Equal(3m, problem.GetProperty("limit").GetDecimal());
            Assert.Equal(spent, problem.GetProperty("spent").GetDecimal());
            Assert.Equal(2m, problem.GetProperty("reserved").GetDecimal());
            Assert.Equal(2m, problem.GetProperty("estimate").GetDecimal());
            Assert.Contains("left this month", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(before, await JobCountAsync());

            // The running job's final charge replaces its reservation.
            await Http.PostAsJsonAsync($"/api/v1/jobs/{running}/stop", new { reason = "done" });
            var job = await FinalAsync(running);
            var settled = await QuotaAsync("user:admin");
            Assert.Equal(0m, settled.GetProperty("reserved").GetDecimal());
            Assert.Equal(spent + job.GetProperty("cost").GetDecimal(), settled.GetProperty("spent").GetDecimal());
            Assert.Equal(HttpStatusCode.Created, (await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "fits", command = "true", nodeType = "local", processResources = new { vcpu = 4, memoryMiB = 64 }, timeLimit = "00:10:00" })).StatusCode);
        }
        finally
        {
            await Http.PutAsJsonAsync("/api/v1/admin/quotas/user:admin", new { monthlyLimit = (decimal?)null });
        }
    }

    [Fact]
    public async Task QuotaSetMidMonth_CountsTheJobsTheUserFinishedBefore()
    {
        // A user with no quota runs a job: their account keeps nothing, the ledger holds the charge.
        var invitation = await (await Http.PostAsJsonAsync("/api/v1/users", new { email = "latecomer@example.com", userName = "latecomer" })).Content.ReadFromJsonAsync<JsonElement>();
        var accepted = await fixture.Silo.SendAsync(HttpMethod.Post, "/api/v1/invitations/accept", null, new { code = invitation.GetProperty("code").GetString() });
        var token = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetProperty("token").GetString()!;
        var submitted = await fixture.Silo.SendAsync(HttpMethod.Post, "/api/v1/jobs", token, new { name = "before-quota", command = "true", nodeType = "local", processResources = new { vcpu = 4, memoryMiB = 64 }, timeLimit = "00:10:00" });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var jobId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        JsonElement job = default;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                using var read = await fixture.Silo.SendAsync(HttpMethod.Get, $"/api/v1/jobs/{jobId}", token);
                job = await read.Content.ReadFromJsonAsync<JsonElement>();
                return job.TryGetProperty("costFinal", out var final) && final.GetBoolean();
            },
            $"job {jobId} should have its final cost");
        var cost = job.GetProperty("cost").GetDecimal();
        Assert.True(cost > 0, job.ToString());

        var set = await Http.PutAsJsonAsync("/api/v1/admin/quotas/user:latecomer", new { monthlyLimit = 5 });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var quota = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(cost, quota.GetProperty("spent").GetDecimal());
        Assert.Equal(cost, (await QuotaAsync("user:latecomer")).GetProperty("spent").GetDecimal());
    }

    [Fact]
    public async Task GroupQuota_RefusesAMembersSubmission_NamingTheGroup()
    {
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await Http.PutAsJsonAsync("/api/v1/admin/quotas/group:jobhub/users", new { monthlyLimit = 1 })).StatusCode);

            var refused = await Http.PostAsJsonAsync("/api/v1/jobs", WholeNodeForAnHour);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("group:jobhub/users", problem.GetProperty("account").GetString());
            Assert.Equal(1m, problem.GetProperty("limit").GetDecimal());
            Assert.Equal(2m, problem.GetProperty("estimate").GetDecimal());
            Assert.Equal(0m, (await QuotaAsync("user:admin")).GetProperty("reserved").GetDecimal());
        }
        finally
        {
            await Http.PutAsJsonAsync("/api/v1/admin/quotas/group:jobhub/users", new { monthlyLimit = (decimal?)null });
        }
    }

    [Fact]
    public async Task SetQuota_IsAudited()
    {
        await Http.PutAsJsonAsync("/api/v1/admin/quotas/user:someone", new { monthlyLimit = 12.5 });

        var audit = await Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=quota.set&target=user:someone");

        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray());
        Assert.Equal("admin", entry.GetProperty("actor").GetString());
        Assert.Contains("monthly limit 12.5 USD", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/admin/quotas/someone", """{"monthlyLimit":1}""", "account", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/admin/quotas/group:nogroup", """{"monthlyLimit":1}""", "account", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/admin/quotas/user:someone", """{"monthlyLimit":-1}""", "monthlyLimit", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/admin/quotas/user:someone", """{"monthlyLimit":1000000000}""", "monthlyLimit", HttpStatusCode.BadRequest)]
    public async Task SetQuota_BadValue_IsRefusedNamingTheField(string path, string body, string field, HttpStatusCode status)
    {
        var response = await Http.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task SetQuota_Anonymous_Is401()
    {
        var response = await fixture.Silo.AnonymousHttp.PutAsJsonAsync("/api/v1/admin/quotas/user:admin", new { monthlyLimit = 0 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> SubmitAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs", WholeNodeForAnHour);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
    }

    private async Task<JsonElement> QuotaAsync(string account) => await Http.GetFromJsonAsync<JsonElement>($"/api/v1/admin/quotas/{account}");

    private async Task<JsonElement> FinalAsync(string id)
    {
        JsonElement job = default;
        await Eventually.WaitUntilAsync(async () => (job = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("costFinal").GetBoolean(), $"job {id} should have its final cost");
        return job;
    }

    private async Task<int> JobCountAsync() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?all=true&limit=500")).GetProperty("jobs").GetArrayLength();
}
