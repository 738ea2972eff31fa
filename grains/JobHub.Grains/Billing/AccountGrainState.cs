using Orleans;

namespace JobHub.Grains.Billing;

/// <summary>The persisted state of an account grain.</summary>
[GenerateSerializer]
[Alias("jobhub.AccountGrainState")]
internal sealed class AccountGrainState
{
    /// <summary>The monthly limit; null for no quota.</summary>
    [Id(0)]
    public decimal? MonthlyLimit { get; set; }

    /// <summary>The month <see cref="Spent"/> and <see cref="SettledJobs"/> are for (<c>yyyy-MM</c>, UTC).</summary>
    [Id(1)]
    public string Month { get; set; } = string.Empty;

    /// <summary>Final charges settled this month.</summary>
    [Id(2)]
    public decimal Spent { get; set; }

    /// <summary>Job id → amount held for it until its final charge is settled.</summary>
    [Id(3)]
    public Dictionary<string, decimal> Reservations { get; set; } = [];

    /// <summary>Jobs settled this month (a repeated settlement counts once).</summary>
    [Id(4)]
    public HashSet<string> SettledJobs { get; set; } = [];

    /// <summary>
    /// When set, the ledger is read again for this month's finished jobs once this time has passed: jobs that ended on a
    /// silo that did not know of the quota yet are counted then.
    /// </summary>
    [Id(5)]
    public DateTimeOffset? RecountFromLedgerAfter { get; set; }
}
