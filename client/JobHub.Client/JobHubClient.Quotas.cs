using JobHub.Contracts.Billing;

namespace JobHub.Client;

public sealed partial class JobHubClient
{
    /// <summary>The caller's own monthly spending quota, and what they spent and hold reserved this month (docs/billing.md).</summary>
    public Task<AccountQuota> GetOwnQuotaAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AccountQuota>(HttpMethod.Get, "api/v1/quota", null, cancellationToken);

    /// <summary>An account's quota and this month's figures (admins only; 403 otherwise).</summary>
    /// <param name="account"><c>user:NAME</c> or <c>group:REALM/NAME</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="JobHubValidationException">The account is not an account key; nothing was sent.</exception>
    public Task<AccountQuota> GetQuotaAsync(string account, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("account", AccountNames.AccountProblem(account)));
        return SendAsync<AccountQuota>(HttpMethod.Get, QuotaPath(account), null, cancellationToken);
    }

    /// <summary>Sets an account's monthly quota, or removes it with null (admins only; audited).</summary>
    /// <param name="account"><c>user:NAME</c> or <c>group:REALM/NAME</c>.</param>
    /// <param name="monthlyLimit">0 to <see cref="AccountNames.MaxMonthlyLimit"/> in the billing currency; null for no quota.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="JobHubValidationException">The account or the limit is out of bounds; nothing was sent.</exception>
    public Task<AccountQuota> SetQuotaAsync(string account, decimal? monthlyLimit, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("account", AccountNames.AccountProblem(account)), ("monthlyLimit", AccountNames.LimitProblem(monthlyLimit)));
        return SendAsync<AccountQuota>(HttpMethod.Put, QuotaPath(account), new SetQuotaRequest(monthlyLimit), cancellationToken);
    }

    /// <summary>The group's '/' stays a path separator (the route takes the rest of the path as the account).</summary>
    private static string QuotaPath(string account) =>
        "api/v1/admin/quotas/" + string.Join('/', account.Split('/').Select(Uri.EscapeDataString));
}
