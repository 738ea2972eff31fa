using System.Net;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// Node pools that scale themselves, on a real silo process over HTTP (issue 12): a job submitted to an empty pool waits
/// for a scale-up (its reason says so, with the ETA), runs on the new node and succeeds; the idle node is stopped after
/// the scale-down delay; the cluster status and the pool's events show it all, to signed-in users only, with other
/// users' job ids hidden from everyone but admins.
/// </summary>
public sealed class ScalingPoolSiloTests(ScalingPoolSiloFixture fixture) : IClassFixture<ScalingPoolSiloFixture>
{
    private IdentitySiloFixture Silo => fixture.Identity;

    [Fact]
    public async Task Job_WaitsForAScaleUp_RunsOnTheNewNode_AndTheIdleNodeIsStopped()
    {
        var owner = await Silo.TokenOfAsync("sam");
        var other = await Silo.TokenOfAsync("olga");
        await WaitForNodesAsync(owner, 0);

        var submitted = await Silo.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", owner, Job("exit 0"));
        var id = submitted.GetProperty("jobId").GetString()!;
        Assert.Equal("queued", submitted.GetProperty("state").GetString());
        var reason = submitted.GetProperty("reason").GetString()!;
        Assert.StartsWith("waiting for free nodes:", reason, StringComparison.Ordinal);
        Assert.Contains("scale-up of pool cpu in progress, first node expected at", reason, StringComparison.Ordinal);

        // While the node boots (3 s): the owner sees the job and why it waits; another user sees that something waits, not what.
        var status = await Silo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/cluster/status", owner);
        var pool = Assert.Single(status.GetProperty("pools").EnumerateArray());
        Assert.Equal("cpu", pool.GetProperty("pool").GetString());
        Assert.Equal(1, pool.GetProperty("bootingNodes").GetInt32());
        Assert.Equal("booting", Assert.Single(status.GetProperty("nodes").EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal(1000, status.GetProperty("maxClusterNodes").GetInt32());
        Assert.Equal(1, status.GetProperty("waitingProcessesByReason").GetProperty("waiting-for-free-nodes").GetInt32());
        var pending = Assert.Single(status.GetProperty("pendingJobs").EnumerateArray());
        Assert.Equal(id, pending.GetProperty("jobId").GetString());
        Assert.Equal("waiting-for-free-nodes", pending.GetProperty("reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, pending.GetProperty("eta").ValueKind);
        var hidden = Assert.Single((await Silo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/cluster/status", other)).GetProperty("pendingJobs").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("jobId").ValueKind);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("owner").ValueKind);
        Assert.Equal(1, hidden.GetProperty("waitingProcesses").GetInt32());
        var seenByAdmin = Assert.Single((await Silo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/cluster/status", Silo.AdminToken)).GetProperty("pendingJobs").EnumerateArray());
        Assert.Equal(id, seenByAdmin.GetProperty("jobId").GetString());

        await Silo.WaitForStateAsync(id, owner, "completed");
        await WaitForNodesAsync(owner, 0);

        var events = (await Silo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/pools/cpu/events", other)).EnumerateArray().ToList();
        Assert.Equal(["scale-up", "scale-down"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(1.5m, events[0].GetProperty("costPerHourChange").GetDecimal());
        Assert.Equal(-1.5m, events[1].GetProperty("costPerHourChange").GetDecimal());
        Assert.Equal(["cpu-1"], events[1].GetProperty("nodeIds").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains("pending process", events[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var last = Assert.Single((await Silo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/pools/cpu/events?limit=1", owner)).EnumerateArray());
        Assert.Equal("scale-down", last.GetProperty("kind").GetString());

        using var metrics = await Silo.SendAsync(HttpMethod.Get, "/metrics", token: null);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains(text.Split('\n'), l => l.StartsWith("jobhub_pool_scale_actions_total{", StringComparison.Ordinal) && l.Contains("kind=\"scale-up\"", StringComparison.Ordinal) && l.Contains("pool=\"cpu\"", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("jobhub_pool_nodes{", StringComparison.Ordinal) && l.Contains("state=\"ready\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClusterEndpoints_RefuseAnonymousCallers_UnknownPools_AndLimitsOutOfBounds()
    {
        var user = await Silo.TokenOfAsync("uma");

        await Silo.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/cluster/status", token: null);
        await Silo.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/pools/cpu/events", token: null);
        var unknown = await Silo.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/api/v1/pools/gpu/events", user);
        Assert.Contains("no node pool 'gpu'", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var limit in new[] { 0, 1001 })
        {
            var refused = await Silo.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, $"/api/v1/pools/cpu/events?limit={limit}", user);
            Assert.Contains("between 1 and 1000", refused.GetProperty("errors").GetProperty("limit")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Submit_RefusesAJobNoPoolCanEverHold_NamingTheField_AndCreatesNothing()
    {
        var user = await Silo.TokenOfAsync("mia");
        var misfit = new
        {
            name = "too big",
            command = "true",
            nodeType = "cpu",
            mode = "distributed",
            distributed = new { nodes = 3, processesPerNode = 1, pool = "fixed" },
            timeLimit = "00:10:00",
        };

        var refused = await Silo.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/jobs", user, misfit);

        Assert.Contains("resource misfit: 3 processes must start together", refused.GetProperty("errors").GetProperty("distributed.nodes")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await Silo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs", user)).GetProperty("jobs").EnumerateArray());
    }

    private Task WaitForNodesAsync(string token, int count) =>
        Eventually.WaitUntilAsync(
            async () => (await Silo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/cluster/status", token)).GetProperty("nodes").GetArrayLength() == count,
            $"pool cpu has {count} node(s)",
            TimeSpan.FromSeconds(30));

    private static object Job(string script) => new
    {
        name = "scaled",
        command = "/bin/sh",
        arguments = new[] { "-c", script },
        nodeType = "cpu",
        timeLimit = "00:10:00",
        processResources = new { vcpu = 1, memoryMiB = 256, gpus = 0 },
    };
}
