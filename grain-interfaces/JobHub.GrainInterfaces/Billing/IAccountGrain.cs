using JobHub.Contracts.Billing;
using Orleans;

namespace JobHub.GrainInterfaces.Billing;

/// <summary>
/// A billing account (key <c>user:NAME</c> or <c>group:REALM/NAME</c>): its monthly spending quota, what its jobs spent
/// this month and what its live jobs hold reserved. Jobs reserve their estimate at submission and settle their final
/// charge; the account never calls a job.
/// </summary>
[Alias("jobhub.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>The quota and this month's figures.</summary>
    Task<AccountQuota> GetQuota();

    /// <summary>Sets the monthly limit (null: no quota). Spent and reserved amounts are kept.</summary>
    Task<AccountQuota> SetQuota(decimal? monthlyLimit);

    /// <summary>
    /// Holds <paramref name="amount"/> for job <paramref name="jobId"/>, or throws <see cref="QuotaExceededException"/> with
    /// the figures when spent + reserved + amount would pass the limit. Repeating it for the same job changes nothing.
    /// </summary>
    Task Reserve(string jobId, decimal amount);

    /// <summary>Drops the job's reservation (a submission that failed after reserving).</summary>
    Task Release(string jobId);

    /// <summary>The job's final charge: its reservation is dropped and the charge counted as spent this month (once per job).</summary>
    Task Settle(string jobId, decimal charge);
}
