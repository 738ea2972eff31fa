namespace JobHub.Grains.Billing;

/// <summary>How jobs are charged (section <c>JobHub:Billing</c>); the prices themselves belong to the node types.</summary>
public sealed class BillingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Billing";

    /// <summary>The longest <see cref="MinimumCharge"/>: one day.</summary>
    public static readonly TimeSpan MaxMinimumCharge = TimeSpan.FromDays(1);

    /// <summary>The shortest <see cref="MeterInterval"/>: 100 ms (tests); shorter would only load the ledger.</summary>
    public static readonly TimeSpan MinMeterInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest <see cref="MeterInterval"/>: one hour (a crash then loses nothing either, but costs show late).</summary>
    public static readonly TimeSpan MaxMeterInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// The least a job that ran is charged, as time at its price: a job whose processes held their nodes for less is
    /// topped up to this. Default 10 min; between 0 (none) and 1 day.
    /// </summary>
    public TimeSpan MinimumCharge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a running job writes its charge to the ledger (besides each state change). Default 1 min; between
    /// 100 ms and 1 h. Shorter: costs and cost limits are seen sooner, at one ledger write per job per interval.
    /// A crash loses nothing either way (recovery settles from the process timestamps).
    /// </summary>
    public TimeSpan MeterInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The shortest <see cref="QuotaDirectoryRefresh"/>: 100 ms.</summary>
    public static readonly TimeSpan MinQuotaDirectoryRefresh = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest <see cref="QuotaDirectoryRefresh"/>: one minute.</summary>
    public static readonly TimeSpan MaxQuotaDirectoryRefresh = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How stale a silo's copy of the set of accounts with a quota may be: a quota set on another silo applies to
    /// submissions there within this time (what its jobs spend counts either way). Default 2 s; between 100 ms and 1 min.
    /// </summary>
    public TimeSpan QuotaDirectoryRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The currency of every price (ISO 4217 code, three capital letters). Default <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";
}
