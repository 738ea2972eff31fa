using System.Net;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// The process autoscaler on a real job in a real silo process (issue 12, JuliaRun's queue demo): an elastic job whose
/// scaler watches the queue length it reports grows from 1 to 10 workers while the queue is long and shrinks back to 1
/// when it drains; a bad scaler is refused at submit naming each field.
/// </summary>
public sealed class ProcessAutoscalerSiloTests(IdentitySiloFixture fixture) : IClassFixture<IdentitySiloFixture>
{
    [Fact]
    public async Task Submit_RefusesABadScaler_NamingEachField_AndCreatesNothing()
    {
        var owner = await fixture.TokenOfAsync("sally");
        var refused = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/jobs", owner, Demo(new
        {
            metric = "queue length", window = "00:00:00", minWorkers = 1, maxWorkers = 50, targetPerWorker = 0, maxStepUp = 10, maxStepDown = 10, coolDown = "00:00:00",
        }));
        var errors = refused.GetProperty("errors");
        Assert.Contains("A-Z a-z 0-9", Messages(errors, "distributed.scaler.metric"), StringComparison.Ordinal);
        Assert.Contains("Window must be between 00:00:01 and 01:00:00", Messages(errors, "distributed.scaler.window"), StringComparison.Ordinal);
        Assert.Contains("TargetPerWorker must be above 0", Messages(errors, "distributed.scaler.targetPerWorker"), StringComparison.Ordinal);
        Assert.Contains("at most the job's workers", Messages(errors, "distributed.scaler.maxWorkers"), StringComparison.Ordinal);

        var fixedPool = await fixture.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/jobs", owner, Demo(new { metric = "queue_length" }, pool: "fixed"));
        Assert.Contains("elastic pool", Messages(fixedPool.GetProperty("errors"), "distributed.scaler"), StringComparison.Ordinal);

        var jobs = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/v1/jobs", owner);
        Assert.Empty(jobs.GetProperty("jobs").EnumerateArray());
    }

    [Fact]
    public async Task QueueDemo_GrowsTo10WorkersWhileTheQueueIsLong_AndBackTo1WhenItDrains()
    {
        var owner = await fixture.TokenOfAsync("quentin");
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", owner, Demo(new
        {
            metric = "queue_length", window = "00:00:01", minWorkers = 1, maxWorkers = 10, targetPerWorker = 10, maxStepUp = 4, maxStepDown = 4, coolDown = "00:00:00",
        }))).GetProperty("jobId").GetString()!;
        try
        {
            await fixture.WaitForStateAsync(id, owner, "running");
            await WaitForRunningWorkersAsync(id, owner, 1, queueLength: null);

            // The master's queue is long (100 items, 10 per worker): the scaler grows the job to its maximum, 10.
            await WaitForRunningWorkersAsync(id, owner, 10, queueLength: 100);

            // The queue drained: back to the minimum, 1 worker; the master keeps running.
            await WaitForRunningWorkersAsync(id, owner, 1, queueLength: 0);
            var job = await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}", owner);
            Assert.Equal("running", job.GetProperty("state").GetString());
            var workers = await WorkersAsync(id, owner);
            Assert.Contains(workers, w => w.Reason.Contains("scaled down to", StringComparison.Ordinal));

            // Each decision is in the job's history: what the scaler saw (last value, window average) and the counts.
            var steps = (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/history", owner)).EnumerateArray()
                .Where(t => t.GetProperty("scaling").ValueKind == JsonValueKind.Object).ToList();
            var counts = steps.Select(t => (t.GetProperty("scaling").GetProperty("workersBefore").GetInt32(), t.GetProperty("scaling").GetProperty("workersAfter").GetInt32())).ToList();
            Assert.Equal([(1, 5), (5, 9), (9, 10)], counts.Take(3));
            Assert.Equal(1, counts[^1].Item2);
            Assert.All(counts.Zip(counts.Skip(1)), p => Assert.Equal(p.First.Item2, p.Second.Item1));
            var first = steps[0];
            Assert.Equal("running", first.GetProperty("state").GetString());
            Assert.Equal("queue_length", first.GetProperty("scaling").GetProperty("metric").GetString());
            Assert.Equal(100, first.GetProperty("scaling").GetProperty("value").GetDouble());
            Assert.Equal(100, first.GetProperty("scaling").GetProperty("average").GetDouble());
            Assert.Equal("scaler: 1 -> 5 workers (queue_length last 100, average 100 over 00:00:01)", first.GetProperty("reason").GetString());
            Assert.Equal(0, steps[^1].GetProperty("scaling").GetProperty("value").GetDouble());
        }
        finally
        {
            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", owner, new { reason = "demo over" });
        }
    }

    [Fact]
    public async Task GrowingAgain_ReusesTheSlotsTheScalerEmptied_SoUpDownUpHoldsAtMost10WorkerIndexes()
    {
        var owner = await fixture.TokenOfAsync("rhea");

        // 20 workers in the spec, at most 10 at once: growing again must take the 9 stopped slots, not indexes 11-20.
        var id = (await fixture.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/v1/jobs", owner, Demo(
            new { metric = "queue_length", window = "00:00:01", minWorkers = 1, maxWorkers = 10, targetPerWorker = 10, maxStepUp = 10, maxStepDown = 10, coolDown = "00:00:00" },
            processes: 21))).GetProperty("jobId").GetString()!;
        try
        {
            await fixture.WaitForStateAsync(id, owner, "running");
            await WaitForRunningWorkersAsync(id, owner, 10, queueLength: 100);
            await WaitForRunningWorkersAsync(id, owner, 1, queueLength: 0);
            await WaitForRunningWorkersAsync(id, owner, 10, queueLength: 100);

            var workers = await WorkersAsync(id, owner);
            var used = workers.Where(w => w.Index > 0 && w.Status != "pending").Select(w => w.Index).ToList();
            Assert.Equal(Enumerable.Range(1, 10), used.Order());
            Assert.All(workers.Where(w => w.Index > 10), w => Assert.Equal(("pending", "not placed yet"), (w.Status, w.Reason)));

            // The 9 slots stopped at the shrink run their second process, and say so.
            Assert.Equal(9, workers.Count(w => w.Status == "running" && w.Reason.Contains("(run 2 of this slot)", StringComparison.Ordinal)));

            // Down and up once more: still the same 10 indexes, now on their third run.
            await WaitForRunningWorkersAsync(id, owner, 1, queueLength: 0);
            await WaitForRunningWorkersAsync(id, owner, 10, queueLength: 100);
            workers = await WorkersAsync(id, owner);
            Assert.Equal(Enumerable.Range(1, 10), workers.Where(w => w.Index > 0 && w.Status != "pending").Select(w => w.Index).Order());
            Assert.Equal(9, workers.Count(w => w.Status == "running" && w.Reason.Contains("(run 3 of this slot)", StringComparison.Ordinal)));
        }
        finally
        {
            await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/jobs/{id}/stop", owner, new { reason = "demo over" });
        }
    }

    private async Task WaitForRunningWorkersAsync(string id, string owner, int count, double? queueLength)
    {
        IReadOnlyList<(int Index, string Status, string Reason)> seen = [];
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (queueLength is { } length)
                {
                    // The master reports its queue as it would; here the test speaks for it through the API.
                    await fixture.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/api/v1/jobs/{id}/metrics", owner, new { name = "queue_length", value = length });
                }

                seen = await WorkersAsync(id, owner);
                return seen.Count(w => w.Index > 0 && w.Status == "running") == count && !seen.Any(w => w.Index > 0 && w.Status is "placed" or "starting");
            },
            $"job {id} runs exactly {count} workers (last seen: {string.Join(", ", seen.Select(w => $"{w.Index}:{w.Status}"))})",
            TimeSpan.FromSeconds(90));
    }

    private async Task<IReadOnlyList<(int Index, string Status, string Reason)>> WorkersAsync(string id, string owner) =>
        [.. (await fixture.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/v1/jobs/{id}/workers", owner)).EnumerateArray()
            .Select(w => (w.GetProperty("index").GetInt32(), w.GetProperty("status").GetString()!, w.GetProperty("reason").GetString() ?? string.Empty))];

    private static string Messages(JsonElement errors, string field) =>
        errors.TryGetProperty(field, out var messages) ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString())) : throw new Xunit.Sdk.XunitException($"No error for '{field}' in {errors}");

    private static object Demo(object scaler, string pool = "elastic", int processes = 11) => new
    {
        name = "queue demo",
        command = "sleep",
        arguments = new[] { "600" },
        nodeType = "local",
        mode = "distributed",
        distributed = new { nodes = 1, processesPerNode = processes, pool, scaler },
        timeLimit = "01:00:00",
        processResources = new { vcpu = 0.05, memoryMiB = 16, gpus = 0 },
    };
}
