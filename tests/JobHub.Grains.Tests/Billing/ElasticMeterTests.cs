using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Billing;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Grains.Tests.Billing;

/// <summary>
/// An elastic job is charged for what its processes held: the master's seconds and each worker's own, not its whole
/// reservation for its whole run. A real silo, real processes and the real SQLite ledger on the system clock (worker
/// runs are timed by the processes themselves), no minimum charge.
/// </summary>
public sealed class ElasticMeterTests : IAsyncLifetime
{
    /// <summary>Per node-hour; a test process (1 vCPU of a 4-vCPU node) costs 9 per hour.</summary>
    private const decimal NodePrice = 36m;

    private const decimal ProcessPrice = NodePrice / 4;

    private readonly string _ledgerFile = BilledJobs.NewLedgerFile("elastic");
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        nodes: o => o.PricePerHour = NodePrice,
        silo: s =>
        {
            s.UseSqliteBillingLedger(o => o.DataSource = _ledgerFile);
            s.Services.Configure<BillingOptions>(o => o.MinimumCharge = TimeSpan.Zero);
        });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        BilledJobs.DeleteLedgerFile(_ledgerFile);
    }

    [Fact]
    public async Task ElasticJob_WhoseWorkersStop_IsChargedForTheSecondsEachProcessRan()
    {
        // The master and worker 1 run until the flag; workers 2 and 3 end at once.
        var flag = Path.Combine(_host.Root, "flag");
        var spec = JobsHost.Shell("""[ "$JOBHUB_WORKER_INDEX" -ge 2 ] && exit 0; while [ ! -e "$FLAG" ]; do sleep 0.05; done""") with
        {
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 4, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic },
            Environment = ImmutableDictionary<string, string>.Empty.Add("FLAG", flag),
        };
        var (jobId, _) = await _host.SubmitAsync(spec);
        await Eventually.WaitUntilAsync(
            async () => (await _host.Job(jobId).GetWorkers()).Count(w => w.Index >= 2 && w.Status == WorkerStatus.Exited) == 2,
            "workers 2 and 3 should have exited");
        await Eventually.WaitUntilAsync(async () => (await _host.Job(jobId).Get()).BilledSeconds >= 4, "the job should run for 4 s", TimeSpan.FromSeconds(30));
        File.WriteAllText(flag, "done");
        JobInfo? info = null;
        await Eventually.WaitUntilAsync(async () => (info = await _host.Job(jobId).Get()).CostFinal, "the job should have its final charge");

        var seconds = info!.BilledSeconds;
        var entries = await _host.Services.GetRequiredService<IBillingLedger>().ReadJobAsync(jobId);
        Assert.Equal(info.Cost, entries.Sum(e => e.Amount));
        var processSeconds = info.Cost * 3600m / ProcessPrice;

        // Two processes for (about) the whole run, two for less than a second: not four for the whole run.
        Assert.InRange(processSeconds, (2 * seconds) - 2, 2 * seconds);
        Assert.True(info.Cost < JobPricing.Amount(seconds, 4 * ProcessPrice), $"charged {info.Cost}, as much as the whole reservation");
    }

    [Fact]
    public async Task ElasticWorkerThatFailsAndRestarts_IsChargedForBothRuns()
    {
        // Worker 1 fails once after about 3 s and is restarted; it then runs with the master until the flag.
        var flag = Path.Combine(_host.Root, "flag");
        var failedOnce = Path.Combine(_host.Root, "failed-once");
        var spec = JobsHost.Shell("""
            if [ "$JOBHUB_WORKER_INDEX" = 1 ] && [ ! -e "$FAILED" ]; then sleep 3; touch "$FAILED"; exit 1; fi
            while [ ! -e "$FLAG" ]; do sleep 0.05; done
            """) with
        {
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic },
            Environment = ImmutableDictionary<string, string>.Empty.Add("FLAG", flag).Add("FAILED", failedOnce),
        };
        var (jobId, _) = await _host.SubmitAsync(spec);
        await Eventually.WaitUntilAsync(
            async () => (await _host.Job(jobId).GetWorkers()).Any(w => w.Index == 1 && w.Restarts == 1 && w.Status == WorkerStatus.Running),
            "worker 1 should run again after its failure",
            TimeSpan.FromSeconds(30));
        File.WriteAllText(flag, "done");
        JobInfo? info = null;
        await Eventually.WaitUntilAsync(async () => (info = await _host.Job(jobId).Get()).CostFinal, "the job should have its final charge");

        var secondRun = (await _host.Job(jobId).GetWorkers()).Single(w => w.Index == 1);
        var secondRunSeconds = JobPricing.WholeSeconds(secondRun.Since - secondRun.StartedAt!.Value);
        var processSeconds = info!.Cost * 3600m / ProcessPrice;

        // The master's seconds, the second run's, and the first run's 3 s (whole seconds, so 2 or 3, ±1 at the edges).
        Assert.InRange(processSeconds - info.BilledSeconds - secondRunSeconds, 1, 4);
    }

    [Fact]
    public async Task ElasticJobScaled1To3To1To3_IsChargedForTheRunsItHeld_TheReusedSlotsEarlierRunsIncluded()
    {
        var flag = Path.Combine(_host.Root, "flag");
        var spec = BilledJobs.WaitForFlag(flag) with
        {
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec
            {
                Nodes = 4,
                ProcessesPerNode = 1,
                Pool = WorkerPoolKind.Elastic,
                Scaler = new ProcessScalerSpec { Metric = "never_reported", MinWorkers = 1, MaxWorkers = 3, MaxStepUp = 3, MaxStepDown = 3 },
            },
        };
        var (jobId, _) = await _host.SubmitAsync(spec);
        var job = _host.Job(jobId);
        await _host.WaitForStateAsync(jobId, JobState.Running);

        // What the scaler would decide: 1 → 3 for 3 s, → 1 for 3 s, → 3 again (slots 2 and 3 run twice).
        await ScaleAsync(1, 3);
        await Eventually.WaitUntilAsync(async () => (await job.GetWorkers()).Count(w => w.Index > 0 && w.Status == WorkerStatus.Running) == 3, "3 workers should run");
        var threeRunning = (await job.GetWorkers()).Where(w => w.Index > 0).Max(w => w.StartedAt!.Value);
        await Eventually.WaitUntilAsync(() => TimeProvider.System.GetUtcNow() - threeRunning >= TimeSpan.FromSeconds(3), "3 workers should run for 3 s");
        await ScaleAsync(3, 1);
        await Eventually.WaitUntilAsync(async () => (await job.GetWorkers()).Count(w => w.Index > 0 && w.Status == WorkerStatus.Running) == 1, "1 worker should be left");
        var oneLeft = (await job.GetWorkers()).Where(w => w.Index > 0 && w.Status.IsTerminal()).Max(w => w.Since);
        await Eventually.WaitUntilAsync(() => TimeProvider.System.GetUtcNow() - oneLeft >= TimeSpan.FromSeconds(3), "1 worker should run alone for 3 s");
        await ScaleAsync(1, 3);
        await Eventually.WaitUntilAsync(
            async () => (await job.GetWorkers()).Count(w => w.Index is 2 or 3 && w.Status == WorkerStatus.Running && w.Reason.Contains("run 2", StringComparison.Ordinal)) == 2,
            "slots 2 and 3 should run a second time");
        File.WriteAllText(flag, "done");
        var info = await _host.WaitForFinalCostAsync(jobId);

        // The current runs as the job shows them, and the master for the whole charged span.
        var workers = await job.GetWorkers();
        var currentRuns = workers.Where(w => w.Index > 0 && w.StartedAt is not null).Sum(w => JobPricing.WholeSeconds(w.Since - w.StartedAt!.Value));
        var processSeconds = info.Cost * 3600m / ProcessPrice;
        var earlierRuns = processSeconds - info.BilledSeconds - currentRuns;

        // Slots 2 and 3 ran about 3 s each before they were stopped: charged too (whole seconds, ±1 at the edges).
        Assert.InRange(earlierRuns, 3, 10);
        Assert.True(info.Cost < JobPricing.Amount(info.BilledSeconds, 4 * ProcessPrice), $"charged {info.Cost} for {info.BilledSeconds} s, as much as the whole reservation; workers: {string.Join("; ", workers.Select(w => $"{w.Index} {w.Status} {w.StartedAt:HH:mm:ss.fff}-{w.Since:HH:mm:ss.fff} {w.Reason}"))}");

        async Task ScaleAsync(int before, int after) =>
            await job.ScaleWorkers(new ScalingDecision { Metric = "never_reported", WorkersBefore = before, WorkersAfter = after });
    }
}
