using Orleans;

namespace JobHub.Contracts.Billing;

/// <summary>An account's monthly spending quota and where it stands this month (UTC).</summary>
/// <param name="Account">The account: <c>user:NAME</c> or <c>group:REALM/NAME</c>.</param>
/// <param name="MonthlyLimit">The most its jobs may spend in a calendar month; null for no quota.</param>
/// <param name="Month">The month the figures are for (<c>yyyy-MM</c>).</param>
/// <param name="Spent">Final charges of its jobs that ended this month.</param>
/// <param name="Reserved">What its running or waiting jobs may still cost: each one's estimate at its time limit, held until its final charge is known.</param>
/// <param name="Currency">The currency of every amount (ISO 4217).</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.AccountQuota")]
public sealed record AccountQuota(
    [property: Id(0)] string Account,
    [property: Id(1)] decimal? MonthlyLimit,
    [property: Id(2)] string Month,
    [property: Id(3)] decimal Spent,
    [property: Id(4)] decimal Reserved,
    [property: Id(5)] string Currency);
