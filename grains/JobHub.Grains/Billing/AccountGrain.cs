using System.Globalization;
using JobHub.Contracts.Billing;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Billing;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Billing.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Billing;

/// <summary>
/// A billing account (<c>user:NAME</c>, <c>group:REALM/NAME</c>): the monthly quota, this month's spending and the
/// reservations of live jobs (docs/billing.md, "Quotas"). The month is the billing clock's, in UTC; a new month starts
/// with nothing spent, and reservations carry over (their jobs still run).
/// </summary>
[GrainType("account")]
internal sealed class AccountGrain(
    [FromKeyedServices(BillingClock.ServiceKey)] TimeProvider clock,
    IOptions<BillingOptions> billing,
    IBillingLedger ledger,
    QuotaDirectoryCache quotaDirectory,
    [PersistentState("account")] IPersistentState<AccountGrainState> state) : Grain, IAccountGrain
{
    private AccountGrainState S => state.State;

    private string Account => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<AccountQuota> GetQuota()
    {
        RollMonth();
        await CatchUpWithLedgerAsync();
        return Quota();
    }

    /// <inheritdoc />
    public async Task<AccountQuota> SetQuota(decimal? monthlyLimit)
    {
        if (AccountNames.LimitProblem(monthlyLimit) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(monthlyLimit), problem);
        }

        RollMonth();
        var had = S.MonthlyLimit is not null;
        if (!had && monthlyLimit is not null)
        {
            // Without a quota the account kept nothing: this month's finished jobs are read back from the ledger, so a
            // quota set mid-month counts what was spent before it. Silos whose copy of the quota directory is older
            // than the quota settle no job here until they read it again: the ledger is read once more after that.
            await CountFinishedJobsFromLedgerAsync();
            S.RecountFromLedgerAfter = clock.GetUtcNow() + (2 * billing.Value.QuotaDirectoryRefresh);
        }
        else if (monthlyLimit is null)
        {
            S.Reservations.Clear(); // nothing is held against an account without a quota
            S.RecountFromLedgerAfter = null;
        }

        S.MonthlyLimit = monthlyLimit;
        await state.WriteStateAsync();
        // Every time, not only on a change: setting a quota again mends a directory an earlier call failed to reach.
        await GrainFactory.GetGrain<IQuotaDirectoryGrain>(IQuotaDirectoryGrain.Key).SetHasQuota(Account, monthlyLimit is not null);
        quotaDirectory.Invalidate();

        return Quota();
    }

    /// <inheritdoc />
    public async Task Reserve(string jobId, decimal amount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        RollMonth();
        await CatchUpWithLedgerAsync();
        if (S.Reservations.ContainsKey(jobId) || S.SettledJobs.Contains(jobId))
        {
            return;
        }

        var reserved = S.Reservations.Values.Sum();
        if (S.MonthlyLimit is { } limit && S.Spent + reserved + amount > limit)
        {
            throw new QuotaExceededException(Account, limit, S.Spent, reserved, amount, billing.Value.Currency);
        }

        if (S.MonthlyLimit is null)
        {
            return; // nothing to hold against: accounts without a quota are never written at submission
        }

        S.Reservations[jobId] = amount;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task Release(string jobId)
    {
        if (S.Reservations.Remove(jobId))
        {
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task Settle(string jobId, decimal charge)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        RollMonth();
        var held = S.Reservations.Remove(jobId);
        if (S.MonthlyLimit is null && !held)
        {
            // Nothing to keep for an account without a quota: no write on the job pipeline's path (its spending counts
            // from when a quota is set; the ledger holds every charge for reports).
            return;
        }

        if (S.SettledJobs.Add(jobId))
        {
            S.Spent += charge;
        }

        await state.WriteStateAsync();
    }

    /// <summary>The ledger's second reading after a quota was set (<see cref="AccountGrainState.RecountFromLedgerAfter"/>), once it is due.</summary>
    private async Task CatchUpWithLedgerAsync()
    {
        if (S.RecountFromLedgerAfter is { } due && clock.GetUtcNow() >= due)
        {
            await CountFinishedJobsFromLedgerAsync();
            S.RecountFromLedgerAfter = null;
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// Adds to <see cref="AccountGrainState.Spent"/> the final charge of every job of the account's users (the user; a
    /// group's members now) whose charge became final this month (its <see cref="LedgerEntryKind.Minimum"/> entry), each
    /// job once (<see cref="AccountGrainState.SettledJobs"/>). Jobs still running are settled when they end.
    /// </summary>
    private async Task CountFinishedJobsFromLedgerAsync()
    {
        var users = await UsersAsync();
        if (users.Count == 0)
        {
            return;
        }

        var monthStart = DateTimeOffset.ParseExact(S.Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var query = new UsageQuery(monthStart, monthStart.AddMonths(1), users, null, UsageGrouping.Job);
        var finished = new List<string>();
        await foreach (var entry in ledger.ReadEntriesAsync(query))
        {
            if (entry.Kind == LedgerEntryKind.Minimum && !S.SettledJobs.Contains(entry.JobId))
            {
                finished.Add(entry.JobId);
            }
        }

        foreach (var jobId in finished)
        {
            var charge = (await ledger.ReadJobAsync(jobId)).Sum(entry => entry.Amount);
            if (S.SettledJobs.Add(jobId))
            {
                S.Spent += charge;
            }
        }
    }

    private async Task<IReadOnlyList<string>> UsersAsync()
    {
        if (Account.StartsWith("user:", StringComparison.Ordinal))
        {
            return [Account["user:".Length..]];
        }

        var group = IdentityNames.ParseGroupKey(Account["group:".Length..], out _);
        return group is null ? [] : (await GrainFactory.Group(group).ListMembers()).Select(member => member.Name).ToList();
    }

    private void RollMonth()
    {
        var month = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (!string.Equals(S.Month, month, StringComparison.Ordinal))
        {
            S.Month = month;
            S.Spent = 0;
            S.SettledJobs.Clear();
        }
    }

    private AccountQuota Quota() => new(Account, S.MonthlyLimit, S.Month, S.Spent, S.Reservations.Values.Sum(), billing.Value.Currency);
}
