using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>One row of the user list (the user directory): who, their status, email and groups.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.UserSummary")]
public sealed record UserSummary
{
    /// <summary>The user name.</summary>
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>Staged, regular or disabled.</summary>
    [Id(1)]
    public required UserStatus Status { get; init; }

    /// <summary>The email address (lower-cased); null for the built-in users.</summary>
    [Id(2)]
    public string? Email { get; init; }

    /// <summary>The groups the user is in, sorted by key.</summary>
    [Id(3)]
    public ImmutableArray<GroupRef> Groups { get; init; } = [];

    /// <summary>When the user was created (or their name reserved by an invitation).</summary>
    [Id(4)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when both rows say the same (value equality, also over <see cref="Groups"/>).</summary>
    public bool SameAs(UserSummary? other) =>
        other is not null && Name == other.Name && Status == other.Status && Email == other.Email && CreatedAt == other.CreatedAt
        && Groups.SequenceEqual(other.Groups);
}
