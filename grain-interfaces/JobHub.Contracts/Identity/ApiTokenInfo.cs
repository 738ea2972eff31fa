using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>An API token as its owner lists it: never the secret, only its id (the hex SHA-256 of the secret).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ApiTokenInfo")]
public sealed record ApiTokenInfo
{
    /// <summary>The lower-case hex SHA-256 of the token (64 characters): the token grain's key and the id to revoke it by.</summary>
    [Id(0)]
    public required string TokenId { get; init; }

    /// <summary>The user the token acts as.</summary>
    [Id(1)]
    public required string Owner { get; init; }

    /// <summary>What the token is for, as its owner named it.</summary>
    [Id(2)]
    public required string Name { get; init; }

    /// <summary>Active, expired or revoked.</summary>
    [Id(3)]
    public required ApiTokenStatus Status { get; init; }

    /// <summary>When it was issued.</summary>
    [Id(4)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Its last accepted use (to within the last-used write interval after a silo crash); null if never used.</summary>
    [Id(5)]
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When it expires unless used before; null for a token that never expires (the configured bootstrap token and the first-start admin token).</summary>
    [Id(6)]
    public DateTimeOffset? ExpiresAt { get; init; }
}
