using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Billing;

/// <summary>
/// The accounts that have a monthly quota, cluster-wide (one grain, key <see cref="Key"/>). Jobs reserve and settle only
/// at these accounts, so an owner without any quota costs a job no account call; each silo caches the set.
/// </summary>
[Alias("jobhub.IQuotaDirectoryGrain")]
public interface IQuotaDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The directory's only key.</summary>
    const string Key = "cluster";

    /// <summary>Every account with a quota.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ImmutableHashSet<string>> AccountsWithQuota();

    /// <summary>Records whether <paramref name="account"/> has a quota (called by the account when its quota is set or removed).</summary>
    Task SetHasQuota(string account, bool hasQuota);
}
