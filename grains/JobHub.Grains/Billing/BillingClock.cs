namespace JobHub.Grains.Billing;

/// <summary>
/// The clock of the job meter: a keyed <see cref="TimeProvider"/> service under <see cref="ServiceKey"/>, which
/// <c>AddJobHubGrains</c> sets to the silo's <see cref="TimeProvider"/>. Tests register a <c>FakeTimeProvider</c> under
/// this key, so they run a job for 15 minutes of billed time without waiting, and without moving Orleans' own timers.
/// </summary>
public static class BillingClock
{
    /// <summary>The service key.</summary>
    public const string ServiceKey = "JobHub.Billing.Clock";
}
