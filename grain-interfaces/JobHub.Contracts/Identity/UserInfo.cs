using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>A user as an administrator sees them.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.UserInfo")]
public sealed record UserInfo
{
    /// <summary>The user name (the user grain's key).</summary>
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>Staged, regular or disabled.</summary>
    [Id(1)]
    public required UserStatus Status { get; init; }

    /// <summary>The email address (lower-cased), kept apart from the name; null for the built-in users.</summary>
    [Id(2)]
    public string? Email { get; init; }

    /// <summary>The groups the user is in, sorted by key.</summary>
    [Id(3)]
    public ImmutableArray<GroupRef> Groups { get; init; } = [];

    /// <summary>Features granted to the user directly (not through groups), sorted.</summary>
    [Id(4)]
    public ImmutableArray<string> Features { get; init; } = [];

    /// <summary>When the user was created (staged or built in).</summary>
    [Id(5)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    [Id(6)]
    public required DateTimeOffset StatusChangedAt { get; init; }

    /// <summary>Who invited the user; null for the built-in users.</summary>
    [Id(7)]
    public string? InvitedBy { get; init; }

    /// <summary>True for <c>admin</c> and <c>anon</c>.</summary>
    [Id(8)]
    public bool BuiltIn { get; init; }

    /// <summary>True when the user is in <paramref name="group"/>.</summary>
    public bool IsIn(GroupRef group) => Groups.Contains(group);
}
