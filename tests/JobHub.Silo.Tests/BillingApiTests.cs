using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>Estimates and costs over HTTP against a real silo process with priced nodes.</summary>
public sealed class BillingApiTests(BillingSiloFixture fixture) : IClassFixture<BillingSiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task Estimate_TwoWholeNodes_ShowsPricePerHourCostAtTheTimeLimitAndTheMinimum()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs/estimate", new
        {
            name = "two-nodes", command = "true", nodeType = "local", mode = "distributed", distributed = new { nodes = 2, processesPerNode = 2 }, timeLimit = "01:30:00",
            costLimit = 5,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimate = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, estimate.GetProperty("processes").GetInt32());
        Assert.Equal(2m, estimate.GetProperty("nodeEquivalents").GetDecimal());
        Assert.Equal(2m, estimate.GetProperty("pricePerNodeHour").GetDecimal());
        Assert.Equal(4m, estimate.GetProperty("pricePerHour").GetDecimal());
        Assert.Equal(6m, estimate.GetProperty("costAtTimeLimit").GetDecimal());
        Assert.Equal("00:10:00", estimate.GetProperty("minimumCharge").GetString());
        Assert.Equal(0.666667m, estimate.GetProperty("minimumAmount").GetDecimal());
        Assert.Equal(5m, estimate.GetProperty("costLimit").GetDecimal());
        Assert.Equal("USD", estimate.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Estimate_ProcessShares_ChargeTheLargestShareOfANode()
    {
        // 1 vCPU of 4 is a quarter, 3072 MiB of 4096 three quarters: three quarters of a node at 2 per hour.
        var response = await Http.PostAsJsonAsync("/api/v1/jobs/estimate", new
        {
            name = "shares", command = "true", nodeType = "local", processResources = new { vcpu = 1, memoryMiB = 3072 }, timeLimit = "00:05:00",
        });
        var estimate = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, estimate.ToString());

        Assert.Equal(0.75m, estimate.GetProperty("nodeEquivalents").GetDecimal());
        Assert.Equal(1.5m, estimate.GetProperty("pricePerHour").GetDecimal());
        Assert.Equal(0.25m, estimate.GetProperty("costAtTimeLimit").GetDecimal()); // a 5-minute limit still pays the 10-minute minimum
    }

    [Theory]
    [InlineData("timeLimit", """{"name":"bad","command":"true","nodeType":"local","timeLimit":"31.00:00:00"}""")]
    [InlineData("nodeType", """{"name":"bad","command":"true","nodeType":"no-such-type"}""")]
    [InlineData("costLimit", """{"name":"bad","command":"true","nodeType":"local","costLimit":-1}""")]
    [InlineData("distributed.nodes", """{"name":"bad","command":"true","nodeType":"local","mode":"distributed","distributed":{"nodes":0}}""")]
    [InlineData("constraints", """{"name":"bad","command":"true","constraints":{"minGpus":1}}""")]
    [InlineData("constraints.minVcpu", """{"name":"bad","command":"true","constraints":{"minVcpu":99999}}""")]
    public async Task Estimate_BadSpec_Is400NamingTheField_AndCreatesNothing(string field, string body)
    {
        var before = await JobCountAsync();

        var response = await Http.PostAsync("/api/v1/jobs/estimate", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem should name {field}: {problem}");
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task Constraints_InsteadOfANodeType_ChooseThePool_ForTheEstimateAndTheJob()
    {
        var body = new { name = "constrained", command = "true", constraints = new { minVcpu = 2 }, processResources = new { vcpu = 1, memoryMiB = 64 } };

        var estimate = await Http.PostAsJsonAsync("/api/v1/jobs/estimate", body);
        Assert.True(estimate.StatusCode == HttpStatusCode.OK, await estimate.Content.ReadAsStringAsync());
        var submitted = await Http.PostAsJsonAsync("/api/v1/jobs", body);
        var job = await submitted.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(submitted.StatusCode == HttpStatusCode.Created, job.ToString());
        Assert.Equal("local", job.GetProperty("spec").GetProperty("nodeType").GetString());
    }

    [Fact]
    public async Task Estimate_WithoutSigningIn_Is401()
    {
        var response = await fixture.Silo.AnonymousHttp.PostAsJsonAsync("/api/v1/jobs/estimate", new { name = "anon", command = "true", nodeType = "local" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ShortJob_ShowsTheMinimumAsItsFinalCost()
    {
        var submitted = await (await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "short", command = "true", nodeType = "local", processResources = new { vcpu = 4, memoryMiB = 64 } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = submitted.GetProperty("jobId").GetString();

        JsonElement job = default;
        await Eventually.WaitUntilAsync(async () => (job = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("costFinal").GetBoolean(), $"job {id} should have its final cost");

        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(0.333333m, job.GetProperty("cost").GetDecimal()); // 600 s of one node at 2 per hour
        Assert.Equal(600, job.GetProperty("billedSeconds").GetInt64());
        Assert.Equal(2m, job.GetProperty("pricePerHour").GetDecimal());
        Assert.Equal("USD", job.GetProperty("currency").GetString());
    }

    private async Task<int> JobCountAsync() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?all=true&limit=500")).GetProperty("jobs").GetArrayLength();
}
