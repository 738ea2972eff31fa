namespace JobHub.Contracts.Billing;

/// <summary>The body of <c>PUT /api/v1/admin/quotas/{account}</c>: the monthly limit, or null to remove the quota.</summary>
/// <param name="MonthlyLimit">0 to <see cref="AccountNames.MaxMonthlyLimit"/>, in the billing currency; null for none.</param>
public sealed record SetQuotaRequest(decimal? MonthlyLimit);
