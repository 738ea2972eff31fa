using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Billing;
using JobHub.Grains.Billing;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Tests.Billing;

/// <summary>
/// Jobs reserve and settle only at accounts with a quota (the quota directory, cached per silo), on a real silo with
/// real processes and the real SQLite ledger; the billing clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class QuotaDirectoryTests : IAsyncLifetime
{
    /// <summary>Per node-hour; a test process (1 vCPU of a 4-vCPU node) costs 9 per hour, its 1-hour time limit 9.</summary>
    private const decimal NodePrice = 36m;

    private const string Alice = "user:" + JobsHost.Owner;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _ledgerFile = BilledJobs.NewLedgerFile("quota");
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        nodes: o => o.PricePerHour = NodePrice,
        silo: s =>
        {
            s.UseSqliteBillingLedger(o => o.DataSource = _ledgerFile);
            s.Services.AddKeyedSingleton<TimeProvider>(BillingClock.ServiceKey, _clock);
        });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        BilledJobs.DeleteLedgerFile(_ledgerFile);
    }

    private IAccountGrain Account => _host.Grains.GetGrain<IAccountGrain>(Alice);

    [Fact]
    public async Task OwnerWithoutAQuota_JobsRunAndAreChargedWithoutAnyAccountGrain()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exit 0"));
        await _host.WaitForFinalCostAsync(jobId);

        var stats = await _host.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        Assert.Contains(stats, s => s.GrainType.Contains("JobGrain", StringComparison.Ordinal) && s.ActivationCount > 0);
        Assert.DoesNotContain(stats, s => s.GrainType.Contains("AccountGrain", StringComparison.Ordinal) && s.ActivationCount > 0);
        Assert.Equal(1.5m, (await Ledger.ReadJobAsync(jobId)).Sum(e => e.Amount)); // the ledger has the charge all the same
    }

    [Fact]
    public async Task QuotaSet_JobsOfTheOwnerReserveAndSettleThere()
    {
        await Account.SetQuota(100m);
        var flag = Path.Combine(_host.Root, "flag");
        var (jobId, _) = await _host.SubmitAsync(BilledJobs.WaitForFlag(flag));

        Assert.Equal(9m, (await Account.GetQuota()).Reserved); // its estimate at its 1-hour time limit
        File.WriteAllText(flag, "done");
        var info = await _host.WaitForFinalCostAsync(jobId);
        await Eventually.WaitUntilAsync(async () => (await Account.GetQuota()).Spent == info.Cost, "the job's charge should be settled at the account");
        Assert.Equal(0m, (await Account.GetQuota()).Reserved);
    }

    [Fact]
    public async Task QuotaRemoved_DropsWhatItsRunningJobsHeld_AndTheirChargeCountsIfItIsSetAgain()
    {
        await Account.SetQuota(100m);
        var flag = Path.Combine(_host.Root, "flag");
        var (jobId, _) = await _host.SubmitAsync(BilledJobs.WaitForFlag(flag));
        await _host.WaitForStateAsync(jobId, JobState.Running);

        Assert.Equal(0m, (await Account.SetQuota(null)).Reserved);
        Assert.Equal(0m, (await Account.SetQuota(50m)).Reserved);
        File.WriteAllText(flag, "done");
        var info = await _host.WaitForFinalCostAsync(jobId);

        await Eventually.WaitUntilAsync(async () => (await Account.GetQuota()).Spent == info.Cost, "the job ended under a quota: its charge counts");
    }

    [Fact]
    public async Task ChargeFinishedOnASiloThatDidNotKnowOfTheQuotaYet_IsCountedOnceTheRefreshIntervalsPassed()
    {
        await Account.SetQuota(100m);

        // What a silo with an old copy of the directory leaves behind: the job's final charge in the ledger, no settlement.
        var at = _clock.GetUtcNow();
        Assert.True(await Ledger.AppendAsync(new LedgerEntry("job-elsewhere", 1, JobsHost.Owner, null, "local", LedgerEntryKind.Minimum, at, at, 600, 2.5m, at)));
        Assert.Equal(0m, (await Account.GetQuota()).Spent);

        _clock.Advance(2 * new BillingOptions().QuotaDirectoryRefresh);

        Assert.Equal(2.5m, (await Account.GetQuota()).Spent);
        Assert.Equal(2.5m, (await Account.GetQuota()).Spent); // read once: a second look counts nothing twice
    }

    private IBillingLedger Ledger => _host.Services.GetRequiredService<IBillingLedger>();
}
