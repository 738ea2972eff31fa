namespace JobHub.Contracts.Audit;

/// <summary>Which audit entries to read (<c>GET /api/v1/audit</c>); every property is optional and those given must all match.</summary>
public sealed record AuditFilter
{
    /// <summary>Only entries of this acting user (exact).</summary>
    public string? Actor { get; init; }

    /// <summary>Only actions starting with this (<c>token.</c> for every token action, <c>user.disable</c> for one).</summary>
    public string? Action { get; init; }

    /// <summary>Only entries touching this target (exact): a user name for most identity actions.</summary>
    public string? Target { get; init; }

    /// <summary>Only this outcome: <c>ok</c>, <c>denied</c> or <c>failed</c> (<see cref="AuditOutcomes"/>).</summary>
    public string? Outcome { get; init; }

    /// <summary>Only entries written at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only entries written before this time.</summary>
    public DateTimeOffset? Until { get; init; }
}
