using System.Collections.Immutable;
using JobHub.Contracts.Billing;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Billing;
using Orleans;

namespace JobHub.Grains.Jobs;

/// <summary>
/// Quotas (docs/billing.md): a job holds its estimate at its time limit at its owner's account and its owner's groups'
/// from submission until its final charge is known, then settles that charge with each. Only accounts with a quota (the
/// silo's copy of the quota directory) are called: an owner without any quota costs the job no account call.
/// </summary>
internal sealed partial class JobGrain
{
    /// <summary>
    /// Reserves the estimate at every account charged that has a quota; a quota it would pass refuses the job and undoes
    /// the others. Returns every account charged (with a quota or not: one may get a quota before the job ends).
    /// </summary>
    private async Task<List<string>> ReserveOrDeactivateAsync(JobSpec spec, string owner, ImmutableArray<string> groupAccounts)
    {
        var accounts = new List<string> { AccountNames.ForUser(owner) };
        accounts.AddRange((groupAccounts.IsDefault ? [] : groupAccounts).Where(a => AccountNames.AccountProblem(a) is null).Distinct(StringComparer.Ordinal));
        var withQuota = await quotaDirectory.AccountsWithQuotaAsync();
        if (!accounts.Exists(withQuota.Contains))
        {
            return accounts;
        }

        var estimate = estimator.Estimate(spec)?.CostAtTimeLimit ?? 0m;
        var reserved = new List<string>();
        try
        {
            foreach (var account in accounts.Where(withQuota.Contains))
            {
                await Account(account).Reserve(JobId, estimate);
                reserved.Add(account);
            }
        }
        catch (Exception)
        {
            await ReleaseReservationsAsync(reserved);
            this.DeactivateOnIdle();
            throw;
        }

        return accounts;
    }

    private async Task ReleaseReservationsAsync(IEnumerable<string> accounts)
    {
        var withQuota = await quotaDirectory.AccountsWithQuotaAsync();
        foreach (var account in accounts.Where(withQuota.Contains))
        {
            await Account(account).Release(JobId);
        }
    }

    /// <summary>Once the final charge is in the ledger, tells every account charged (their reservations end; the charge counts as spent).</summary>
    private async Task SettleAccountsAsync()
    {
        if (!M.Closed || M.Settled || S.Spec is null)
        {
            return;
        }

        var withQuota = await quotaDirectory.AccountsWithQuotaAsync();
        await Task.WhenAll(S.Accounts.Where(withQuota.Contains).Select(account => Account(account).Settle(JobId, M.ChargedAmount)));
        M.Settled = true;
        if (S.Released)
        {
            await SaveAsync();
        }

        // Otherwise saved with the release that follows; a crash before it settles again, which the accounts ignore.
    }

    private IAccountGrain Account(string account) => GrainFactory.GetGrain<IAccountGrain>(account);
}
