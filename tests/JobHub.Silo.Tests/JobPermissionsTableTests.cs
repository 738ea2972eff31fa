using System.Net;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// The permissions table of issue 10 for jobs (docs/identity.md, "Permissions"), row by row through the real HTTP API of
/// a real silo process: each row is one action on a job of <c>olga</c>, tried by every column — no token (<c>anon</c>),
/// another regular user, an admin, and the owner. Refusals are 401 (no token) or 404 (the job's existence does not
/// leak, admins included), and a refused change changes nothing.
/// </summary>
public sealed class JobPermissionsTableTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>, IAsyncLifetime
{
    private string _owner = null!;
    private string _other = null!;

    public static TheoryData<string> Rows() =>
    [
        "view", "history", "workers", "logs", "logs/stream", "results", "results/files/out.txt", "stop", "extend",
    ];

    public async Task InitializeAsync()
    {
        _owner = await fixture.TokenOfAsync("olga");
        _other = await fixture.TokenOfAsync("pete");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task OnlyTheOwner_ActsOnTheirJob(string row)
    {
        var needsResults = row.StartsWith("results", StringComparison.Ordinal) || row.StartsWith("logs", StringComparison.Ordinal) || row == "history";
        var id = needsResults ? await CompletedJobWithResultAsync() : await RunningJobAsync();
        var (method, path, body) = Request(row, id);

        foreach (var (column, token, expected) in new (string, string?, HttpStatusCode)[]
        {
            ("anon", null, HttpStatusCode.Unauthorized),
            ("another user", _other, HttpStatusCode.NotFound),
            ("an admin", fixture.AdminToken, HttpStatusCode.NotFound),
        })
        {
            using var refused = await fixture.SendAsync(method, path, token, body);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == expected, $"{row} by {column}: expected {(int)expected}, got {(int)refused.StatusCode}: {text}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("olga", text, StringComparison.Ordinal);
        }

        // Nothing a refusal touched changed: the job is as the owner left it.
        var job = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}", _owner);
        Assert.Equal(needsResults ? "completed" : "running", job.GetProperty("state").GetString());
        Assert.Equal("01:00:00", job.GetProperty("timeLimit").GetString());

        using var allowed = await fixture.SendAsync(method, path, _owner, body);
        Assert.True(allowed.IsSuccessStatusCode, $"{row} by the owner: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
        if (row == "stop")
        {
            await fixture.WaitForStateAsync(id, _owner, "stopped");
        }
    }

    [Fact]
    public async Task Submit_NeedsAUser_AndMakesThemTheOwner()
    {
        var refused = await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/api/v1/jobs", token: null, Sleep("anon's"));
        Assert.Contains("API token", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("anon's", await JobNamesAsync(fixture.AdminToken, all: true));

        var job = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", _owner, Sleep("olga's own"));
        Assert.Equal("olga", job.GetProperty("owner").GetString());
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{job.GetProperty("jobId").GetString()}/stop", _owner, new { reason = "done" });
    }

    [Fact]
    public async Task MyJobs_AreTheTokensUsers_AndOnlyAdminsListEveryones()
    {
        var id = await RunningJobAsync();

        Assert.Contains(id, await JobIdsAsync(_owner, all: false));
        Assert.DoesNotContain(id, await JobIdsAsync(_other, all: false));
        Assert.DoesNotContain(id, await JobIdsAsync(fixture.AdminToken, all: false));
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/api/v1/jobs", token: null);

        var refused = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/api/v1/jobs?all=true", _other);
        Assert.Contains("jobhub/admins", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(id, await JobIdsAsync(fixture.AdminToken, all: true));
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", _owner, new { reason = "done" });
    }

    [Fact]
    public async Task AJobsOwnToken_ReadsOnlyThatJob()
    {
        var other = await RunningJobAsync();
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", _owner, new
        {
            name = "shows its token",
            command = "/bin/sh",
            arguments = new[] { "-c", "echo \"token=$JOBHUB_JOB_TOKEN\"" },
            nodeType = "local",
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        })).GetProperty("jobId").GetString()!;
        await fixture.WaitForStateAsync(id, _owner, "completed");
        var lines = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/logs", _owner)).GetProperty("entries").EnumerateArray();
        var token = lines.Select(l => l.GetProperty("text").GetString()!).Single(t => t.StartsWith("token=", StringComparison.Ordinal))["token=".Length..];

        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/logs", token);
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, $"/api/v1/jobs/{other}/logs", token);
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", token, new { reason = "a job token only reads" });
        await fixture.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/api/v1/jobs", token, Sleep("from a job token"));
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{other}/stop", _owner, new { reason = "done" });
    }

    [Fact]
    public async Task DistributedAndGpuJobs_NeedTheirFeature_NamedInTheRefusal()
    {
        var frank = await fixture.TokenOfAsync("frank");
        var distributed = new
        {
            name = "needs distributed-jobs",
            command = "true",
            nodeType = "local",
            mode = "distributed",
            distributed = new { nodes = 1, processesPerNode = 1, pool = new { kind = "fixed", minimum = 1 } },
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        };
        var gpu = new { name = "needs gpu-jobs", command = "true", nodeType = "local", processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 1 } };

        // A fresh silo grants both to jobhub/users; once revoked, a user without them is refused, naming the feature.
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, "/api/v1/groups/jobhub/users/features/distributed-jobs", fixture.AdminToken);
        await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, "/api/v1/groups/jobhub/users/features/gpu-jobs", fixture.AdminToken);
        try
        {
            frank = await fixture.TokenOfAsync("frank");
            var noDistributed = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/jobs", frank, distributed);
            Assert.Equal("distributed-jobs", noDistributed.GetProperty("feature").GetString());
            var noGpu = await fixture.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/jobs", frank, gpu);
            Assert.Contains("'gpu-jobs'", noGpu.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Empty(await JobIdsAsync(frank, all: false));

            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/users/frank/features/distributed-jobs", fixture.AdminToken);
            var job = await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", frank, distributed);
            Assert.Equal("frank", job.GetProperty("owner").GetString());
        }
        finally
        {
            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/jobhub/users/features/distributed-jobs", fixture.AdminToken);
            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/api/v1/groups/jobhub/users/features/gpu-jobs", fixture.AdminToken);
        }
    }

    private static (HttpMethod Method, string Path, object? Body) Request(string row, string id) => row switch
    {
        "view" => (HttpMethod.Get, $"/api/v1/jobs/{id}", null),
        "stop" => (HttpMethod.Post, $"/api/v1/jobs/{id}/stop", new { reason = "permissions table" }),
        "extend" => (HttpMethod.Post, $"/api/v1/jobs/{id}/extend", new { duration = "00:10:00" }),
        _ => (HttpMethod.Get, $"/api/v1/jobs/{id}/{row}", null),
    };

    private static object Sleep(string name) => new
    {
        name,
        command = "sleep",
        arguments = new[] { "600" },
        nodeType = "local",
        timeLimit = "01:00:00",
        processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
    };

    private async Task<string> RunningJobAsync()
    {
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", _owner, Sleep("olga's sleeper"))).GetProperty("jobId").GetString()!;
        await fixture.WaitForStateAsync(id, _owner, "running");
        return id;
    }

    private async Task<string> CompletedJobWithResultAsync()
    {
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", _owner, new
        {
            name = "olga's results",
            command = "/bin/sh",
            arguments = new[] { "-c", "echo working; echo hi > \"$JOBHUB_RESULTS_UPLOAD_DIR/out.txt\"" },
            nodeType = "local",
            timeLimit = "01:00:00",
            processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 },
        })).GetProperty("jobId").GetString()!;
        await fixture.WaitForStateAsync(id, _owner, "completed");
        return id;
    }

    private async Task<string?[]> JobIdsAsync(string token, bool all) =>
        [.. (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs?limit=500&all={all}", token)).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("jobId").GetString())];

    private async Task<string?[]> JobNamesAsync(string token, bool all) =>
        [.. (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs?limit=500&all={all}", token)).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString())];
}
