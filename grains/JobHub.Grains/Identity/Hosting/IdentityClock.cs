namespace JobHub.Grains.Identity.Hosting;

/// <summary>
/// The clock of the identity grains (token expiry, invitation lifetime): a keyed <see cref="TimeProvider"/> service under
/// <see cref="ServiceKey"/>, which <c>AddJobHubIdentity</c> sets to the silo's <see cref="TimeProvider"/>. Tests register
/// a <c>FakeTimeProvider</c> under this key, so they move the identity clock without moving Orleans' own timers.
/// </summary>
public static class IdentityClock
{
    /// <summary>The service key.</summary>
    public const string ServiceKey = "JobHub.Identity.Clock";
}
