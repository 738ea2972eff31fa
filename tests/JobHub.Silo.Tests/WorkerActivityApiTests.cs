using System.Net;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// <c>PUT /api/v1/jobs/{id}/workers/{index}/activity</c> on a real silo process (issue 12): a worker that says it is
/// idle is the one a shrinking process autoscaler stops, not the newest busy one; bad indexes and bodies are refused
/// naming the field, another user gets 404, and a worker that is not running 409.
/// </summary>
public sealed class WorkerActivityApiTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task AnIdleWorker_IsTheOneTheScalerStops_NotTheNewestBusyOne()
    {
        var owner = await fixture.TokenOfAsync("ida");
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", owner, ScaledJob())).GetProperty("jobId").GetString()!;
        try
        {
            await fixture.WaitForStateAsync(id, owner, "running");

            // 30 items at 10 per worker: all 3 workers run.
            await WaitForRunningWorkersAsync(id, owner, [1, 2, 3], queueLength: 30);

            // Worker 1, the oldest, waits for work; 2 and 3 are busy.
            var idle = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/api/v1/jobs/{id}/workers/1/activity", owner, new { idle = true });
            Assert.True(idle.GetProperty("idle").GetBoolean());
            var listed = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/workers", owner);
            Assert.Equal([false, true, false, false], listed.EnumerateArray().Select(w => w.GetProperty("idle").GetBoolean()));

            // 20 items: one worker fewer, and it is the idle one (without the word it would be the newest, 3).
            await WaitForRunningWorkersAsync(id, owner, [2, 3], queueLength: 20);
            var stopped = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/workers", owner))[1];
            Assert.Contains("scaled down to 2 workers", stopped.GetProperty("reason").GetString(), StringComparison.Ordinal);

            // Both decisions are counted for Prometheus.
            var exported = await fixture.Silo.Http.GetStringAsync("/metrics");
            Assert.Matches(@"jobhub_jobs_scaler_decisions_total\{[^}]*direction=""down""[^}]*\} [1-9]", exported);

            // It is not running any more: it cannot say it is idle or busy.
            var notRunning = await fixture.ExpectAsync(HttpStatusCode.Conflict, HttpMethod.Put, $"/api/v1/jobs/{id}/workers/1/activity", owner, new { idle = false });
            Assert.Contains("not running", notRunning.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", owner, new { reason = "test over" });
        }
    }

    [Fact]
    public async Task BadIndexesAndBodies_AreRefusedNamingTheField_AndAnotherUserGets404()
    {
        var owner = await fixture.TokenOfAsync("ivo");
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", owner, ScaledJob())).GetProperty("jobId").GetString()!;
        try
        {
            foreach (var index in new[] { 0, 4, -1 })
            {
                var refused = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, $"/api/v1/jobs/{id}/workers/{index}/activity", owner, new { idle = true });
                Assert.Contains("A worker's index is 1 to 3", Single(refused, "index"), StringComparison.Ordinal);
            }

            var noIdle = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, $"/api/v1/jobs/{id}/workers/1/activity", owner, new { });
            Assert.Contains("\"idle\": true", Single(noIdle, "idle"), StringComparison.Ordinal);

            var stranger = await fixture.TokenOfAsync("ignaz");
            await fixture.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Put, $"/api/v1/jobs/{id}/workers/1/activity", stranger, new { idle = true });
            var workers = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/workers", owner);
            Assert.All(workers.EnumerateArray(), w => Assert.False(w.GetProperty("idle").GetBoolean()));
        }
        finally
        {
            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", owner, new { reason = "test over" });
        }
    }

    /// <summary>An elastic job of a master and 3 workers whose scaler keeps one worker per 10 queued items (1 to 3).</summary>
    private static object ScaledJob() => new
    {
        name = "idle workers",
        command = "sleep",
        arguments = new[] { "600" },
        nodeType = "local",
        mode = "distributed",
        distributed = new
        {
            nodes = 1,
            processesPerNode = 4,
            pool = "elastic",
            scaler = new { metric = "queue_length", window = "00:00:01", minWorkers = 1, maxWorkers = 3, targetPerWorker = 10, maxStepUp = 3, maxStepDown = 1, coolDown = "00:00:00" },
        },
        timeLimit = "01:00:00",
        processResources = new { vcpu = 0.05, memoryMiB = 16, gpus = 0 },
    };

    private static string Single(JsonElement problem, string field) => Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString()!;

    private async Task WaitForRunningWorkersAsync(string id, string owner, int[] running, double queueLength)
    {
        var seen = string.Empty;
        try
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    // The master reports its queue as it would; here the test speaks for it through the API.
                    await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics", owner, new { name = "queue_length", value = queueLength });
                    var workers = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/workers", owner)).EnumerateArray().ToList();
                    seen = string.Join(", ", workers.Select(w => $"{w.GetProperty("index").GetInt32()}:{w.GetProperty("status").GetString()}"));
                    return workers.Where(w => w.GetProperty("index").GetInt32() > 0 && w.GetProperty("status").GetString() == "running").Select(w => w.GetProperty("index").GetInt32()).SequenceEqual(running)
                        && !workers.Any(w => w.GetProperty("status").GetString() is "placed" or "starting");
                },
                $"job {id} runs workers {string.Join(", ", running)}",
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (last seen: {seen})", ex);
        }
    }
}
