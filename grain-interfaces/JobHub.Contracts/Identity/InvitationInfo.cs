using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>An invitation as stored: never the code, only its id (the hex SHA-256 of the code).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.InvitationInfo")]
public sealed record InvitationInfo
{
    /// <summary>The lower-case hex SHA-256 of the code: the invitation grain's key.</summary>
    [Id(0)]
    public required string InvitationId { get; init; }

    /// <summary>The staged user the code promotes.</summary>
    [Id(1)]
    public required string UserName { get; init; }

    /// <summary>The invited email (lower-cased).</summary>
    [Id(2)]
    public required string Email { get; init; }

    /// <summary>Who invited.</summary>
    [Id(3)]
    public required string InvitedBy { get; init; }

    /// <summary>When the invitation was made.</summary>
    [Id(4)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this the code is refused.</summary>
    [Id(5)]
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the code was redeemed; null until then. A code is redeemed once.</summary>
    [Id(6)]
    public DateTimeOffset? RedeemedAt { get; init; }
}
