namespace JobHub.Contracts.Audit;

/// <summary>The outcomes an audit entry records.</summary>
public static class AuditOutcomes
{
    /// <summary>The action was carried out.</summary>
    public const string Ok = "ok";

    /// <summary>A rule refused the action (the caller was answered 403, or a login was refused); nothing changed.</summary>
    public const string Denied = "denied";

    /// <summary>The action was tried and failed for another reason.</summary>
    public const string Failed = "failed";

    /// <summary>True for one of the three outcomes.</summary>
    public static bool IsKnown(string? outcome) => outcome is Ok or Denied or Failed;
}
