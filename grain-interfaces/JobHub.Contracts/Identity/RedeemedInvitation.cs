using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>What redeeming an invitation gives: the user, now regular, and their first API token (shown this once).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.RedeemedInvitation")]
public sealed record RedeemedInvitation(
    [property: Id(0)] UserInfo User,
    [property: Id(1)] IssuedApiToken Token);
