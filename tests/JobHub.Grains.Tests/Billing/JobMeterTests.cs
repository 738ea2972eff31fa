using JobHub.Contracts.Jobs;
using JobHub.Grains.Billing;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JobHub.Grains.Tests.Billing;

/// <summary>
/// The job meter on a real silo with real processes and the real SQLite ledger, its clock a
/// <see cref="FakeTimeProvider"/> (the keyed <see cref="BillingClock"/>), so a job is billed for minutes of held nodes
/// within a second of wall time.
/// </summary>
public sealed class JobMeterTests : IAsyncLifetime
{
    /// <summary>Per node-hour; a test process (1 vCPU of a 4-vCPU node) is a quarter node: 9 per hour.</summary>
    private const decimal NodePrice = 36m;

    private const decimal QuarterNodePrice = NodePrice / 4;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _ledgerFile = BilledJobs.NewLedgerFile("meter");
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        nodes: o =>
        {
            o.NodeCount = 2;
            o.PricePerHour = NodePrice;
        },
        silo: s =>
        {
            s.UseSqliteBillingLedger(o => o.DataSource = _ledgerFile);
            s.Services.AddKeyedSingleton<TimeProvider>(BillingClock.ServiceKey, _clock);
            s.Services.Configure<BillingOptions>(o => o.MeterInterval = TimeSpan.FromMilliseconds(100));
        });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        BilledJobs.DeleteLedgerFile(_ledgerFile);
    }

    private IBillingLedger Ledger => _host.Services.GetRequiredService<IBillingLedger>();

    [Fact]
    public async Task ShortJob_IsBilledTheTenMinuteMinimum()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exit 0"));

        var info = await _host.WaitForFinalCostAsync(jobId);

        Assert.Equal(JobState.Completed, info.State);
        Assert.Equal(600, info.BilledSeconds);
        Assert.Equal(1.5m, info.Cost); // 600 s at 9 per hour
        Assert.Equal("USD", info.Currency);
        var entries = await Ledger.ReadJobAsync(jobId);
        Assert.Equal(LedgerEntryKind.Minimum, entries[^1].Kind);
        Assert.Equal(600, entries[^1].Seconds);
        Assert.Equal(info.Cost, entries.Sum(e => e.Amount));
        Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task FifteenMinutesThirtySecondsJob_IsBilled930Seconds_InEntriesThatSumExactly()
    {
        var flag = Flag();
        var (jobId, _) = await _host.SubmitAsync(BilledJobs.WaitForFlag(flag) with { ProcessResources = new ProcessResources(1, 256) });
        await _host.WaitForStateAsync(jobId, JobState.Running);

        // Uneven steps, each written by a meter tick before the next, so the charge is split over many rounded entries.
        long elapsed = 0;
        foreach (var step in new long[] { 7, 13, 60, 1, 59, 790 })
        {
            elapsed += step;
            _clock.Advance(TimeSpan.FromSeconds(step));
            var expected = elapsed;
            await Eventually.WaitUntilAsync(async () => (await Ledger.ReadJobAsync(jobId)).Sum(e => e.Seconds) == expected, $"the ledger should charge {expected} s");
        }

        var running = await _host.Job(jobId).Get();
        Assert.Equal(930, running.BilledSeconds);
        Assert.False(running.CostFinal);
        File.WriteAllText(flag, "done");
        var info = await _host.WaitForFinalCostAsync(jobId);

        Assert.Equal(930, info.BilledSeconds);
        Assert.Equal(JobPricing.Amount(930, QuarterNodePrice), info.Cost);
        Assert.Equal(2.325m, info.Cost);
        var entries = await Ledger.ReadJobAsync(jobId);
        Assert.True(entries.Count >= 7, $"one entry per tick that found new seconds, and the closing one (there were {entries.Count})");
        Assert.Equal(info.Cost, entries.Sum(e => e.Amount));
        Assert.Equal(930, entries.Sum(e => e.Seconds));
        Assert.Equal(0m, entries.Single(e => e.Kind == LedgerEntryKind.Minimum).Amount);
    }

    [Fact]
    public async Task TwoNodeJob_CostsTwiceAOneNodeJob()
    {
        var oneFlag = Flag();
        var twoFlag = Flag();
        var (one, _) = await _host.SubmitAsync(BilledJobs.WaitForFlag(oneFlag) with { ProcessResources = null });
        var (two, _) = await _host.SubmitAsync(BilledJobs.WaitForFlag(twoFlag) with
        {
            ProcessResources = null,
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 1 },
        });

        // Two whole nodes: the one-node job waits until the first job ended.
        await _host.WaitForStateAsync(one, JobState.Running);
        _clock.Advance(TimeSpan.FromMinutes(20));
        File.WriteAllText(oneFlag, "done");
        var oneInfo = await _host.WaitForFinalCostAsync(one);
        await _host.WaitForStateAsync(two, JobState.Running);
        _clock.Advance(TimeSpan.FromMinutes(20));
        File.WriteAllText(twoFlag, "done");
        var twoInfo = await _host.WaitForFinalCostAsync(two);

        Assert.Equal(NodePrice, oneInfo.PricePerHour);
        Assert.Equal(2 * NodePrice, twoInfo.PricePerHour);
        Assert.Equal(1200, oneInfo.BilledSeconds);
        Assert.Equal(1200, twoInfo.BilledSeconds);
        Assert.Equal(12m, oneInfo.Cost);
        Assert.Equal(2 * oneInfo.Cost, twoInfo.Cost);
    }

    [Fact]
    public async Task CostLimit_Reached_StopsTheJob_KeepsItsLogsAndStoresNoOutputs()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell(
            """
            echo started
            printf '{"loss": 1}' > "$JOBHUB_RESULTS_SUMMARY_FILE"
            printf 'partial' > "$JOBHUB_RESULTS_UPLOAD_DIR/out.txt"
            exec sleep 600
            """) with { CostLimit = 2m });
        await _host.WaitForStateAsync(jobId, JobState.Running);
        await Eventually.WaitUntilAsync(async () => (await _host.Logs.ReadAsync(jobId, 0, 10)).Any(l => l.Text == "started"), "the job should log that it started");

        _clock.Advance(TimeSpan.FromSeconds(800)); // 800 s at 9 per hour is 2

        var stopped = await _host.WaitForStateAsync(jobId, JobState.CostLimitReached);
        Assert.Equal("cost limit of 2 USD reached", stopped.Reason);
        var info = await _host.WaitForFinalCostAsync(jobId);
        Assert.Equal(2m, info.Cost);
        Assert.Null(info.Summary);
        Assert.Null(info.Results);
        Assert.Contains(await _host.Logs.ReadAsync(jobId, 0, 10), l => l.Text == "started");
    }

    [Fact]
    public async Task TimeLimit_Reached_KeepsTheLogsAndStoresNoOutputs()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell(
            """
            echo started
            printf '{"loss": 1}' > "$JOBHUB_RESULTS_SUMMARY_FILE"
            printf 'partial' > "$JOBHUB_RESULTS_UPLOAD_DIR/out.txt"
            exec sleep 600
            """) with { TimeLimit = TimeSpan.FromSeconds(1) });

        await _host.WaitForStateAsync(jobId, JobState.TimedOut);
        var info = await _host.WaitForFinalCostAsync(jobId);

        Assert.Equal(JobState.TimedOut, info.State);
        Assert.Null(info.Summary);
        Assert.Null(info.Results);
        Assert.Contains(await _host.Logs.ReadAsync(jobId, 0, 10), l => l.Text == "started");
    }

    [Fact]
    public async Task JobStoppedWhileQueued_IsNotCharged()
    {
        var blockerFlag = Flag();
        var (blocker, _) = await _host.SubmitAsync(BilledJobs.WaitForFlag(blockerFlag) with
        {
            ProcessResources = null,
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 1 },
        });
        await _host.WaitForStateAsync(blocker, JobState.Running);
        var (queued, _) = await _host.SubmitAsync(JobsHost.Shell("exit 0"));
        await _host.WaitForStateAsync(queued, JobState.Queued);
        _clock.Advance(TimeSpan.FromMinutes(30));

        await _host.Job(queued).Stop(JobsHost.Owner, "changed my mind");
        var info = await _host.WaitForFinalCostAsync(queued);

        Assert.Equal(0m, info.Cost);
        Assert.Equal(0, info.BilledSeconds);
        Assert.Empty(await Ledger.ReadJobAsync(queued));
        File.WriteAllText(blockerFlag, "done");
        await _host.WaitForFinalCostAsync(blocker);
    }

    private string Flag() => Path.Combine(_host.Root, Guid.NewGuid().ToString("N") + ".done");
}
