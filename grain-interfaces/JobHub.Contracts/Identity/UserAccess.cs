using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>What a user may do right now: their status, groups and effective features (their own and their groups').</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.UserAccess")]
public sealed record UserAccess
{
    /// <summary>The user name.</summary>
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>Only <see cref="UserStatus.Regular"/> users may act.</summary>
    [Id(1)]
    public required UserStatus Status { get; init; }

    /// <summary>The groups the user is in, sorted by key.</summary>
    [Id(2)]
    public ImmutableArray<GroupRef> Groups { get; init; } = [];

    /// <summary>Features granted to the user or to any of their groups, sorted.</summary>
    [Id(3)]
    public ImmutableArray<string> Features { get; init; } = [];

    /// <summary>True when the user is regular and has <paramref name="feature"/>.</summary>
    public bool Has(string feature) => Status == UserStatus.Regular && Features.Contains(feature);

    /// <summary>True when the user is regular and in <c>jobhub/admins</c>.</summary>
    public bool IsAdmin => Status == UserStatus.Regular && Groups.Contains(BuiltInGroups.Admins);
}
