using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>A staged user to create (or a staged user to invite again): email, the invitation that may promote them, and their starting groups and features.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.StagedUserSpec")]
public sealed record StagedUserSpec
{
    /// <summary>The email (lower-cased).</summary>
    [Id(0)]
    public required string Email { get; init; }

    /// <summary>The id of the invitation that promotes the user; a later invitation replaces it.</summary>
    [Id(1)]
    public required string InvitationId { get; init; }

    /// <summary>Groups to put the user in.</summary>
    [Id(2)]
    public ImmutableArray<GroupRef> Groups { get; init; } = [];

    /// <summary>Features to grant.</summary>
    [Id(3)]
    public ImmutableArray<string> Features { get; init; } = [];
}
