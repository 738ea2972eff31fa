using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>What the invitations desk tells a new invitation grain (the code never travels: the grain's key is its hash).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.InvitationRegistration")]
public sealed record InvitationRegistration(
    [property: Id(0)] string UserName,
    [property: Id(1)] string Email,
    [property: Id(2)] string InvitedBy,
    [property: Id(3)] DateTimeOffset ExpiresAt);
