using System.Collections.Immutable;
using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>
/// An invitation to make: the email, optionally the user name (otherwise one is made from the email's local part,
/// with <c>-2</c>, <c>-3</c>… when taken), and the groups and features the staged user starts with.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.InvitationRequest")]
public sealed record InvitationRequest
{
    /// <summary>Where the invitation goes; one user per email.</summary>
    [Id(0)]
    public required string Email { get; init; }

    /// <summary>The user name to give; null to make one from the email.</summary>
    [Id(1)]
    public string? UserName { get; init; }

    /// <summary>Groups the staged user is put in (the same rules as adding a member).</summary>
    [Id(2)]
    public ImmutableArray<GroupRef> Groups { get; init; } = [];

    /// <summary>Features granted to the staged user.</summary>
    [Id(3)]
    public ImmutableArray<string> Features { get; init; } = [];
}
