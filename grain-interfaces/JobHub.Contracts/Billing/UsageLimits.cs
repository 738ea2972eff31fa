namespace JobHub.Contracts.Billing;

/// <summary>The bounds of the usage reports and statements (<c>/api/v1/usage</c>, <c>/api/v1/admin/usage</c>).</summary>
public static class UsageLimits
{
    /// <summary>The longest period one report or statement covers: 366 days (a year, leap years included).</summary>
    public const int MaxPeriodDays = 366;

    /// <summary>The longest user, group or node-type filter accepted.</summary>
    public const int MaxFilterLength = 200;

    /// <summary>The longest <c>from</c> / <c>to</c> value accepted.</summary>
    public const int MaxTimeLength = 64;
}
