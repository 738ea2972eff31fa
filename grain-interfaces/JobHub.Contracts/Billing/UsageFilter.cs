namespace JobHub.Contracts.Billing;

/// <summary>What an admin usage report covers (<c>GET /api/v1/admin/usage</c>); every property is optional and those given must all match.</summary>
public sealed record UsageFilter
{
    /// <summary>Start of the period (inclusive); default: one month before <see cref="To"/>, or the start of this UTC month.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End of the period (exclusive); default: one month after <see cref="From"/>. At most <see cref="UsageLimits.MaxPeriodDays"/> days after it.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>How rows are grouped (default by job).</summary>
    public UsageGrouping GroupBy { get; init; } = UsageGrouping.Job;

    /// <summary>Only this user's entries.</summary>
    public string? User { get; init; }

    /// <summary>Only entries of this group's members, written <c>realm/name</c> (<c>site/physics</c>).</summary>
    public string? Group { get; init; }

    /// <summary>Only entries of this node type.</summary>
    public string? NodeType { get; init; }
}
