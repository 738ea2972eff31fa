using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>What a login through the identity provider (OpenID Connect) did to the user.</summary>
[GenerateSerializer]
[Alias("jobhub.FederatedLoginOutcome")]
public enum FederatedLoginOutcome
{
    /// <summary>A regular user logged in; their site groups were matched to the claim.</summary>
    Regular = 0,

    /// <summary>The first login of an invited (staged) user: now regular and in <c>jobhub/users</c>.</summary>
    Promoted = 1,

    /// <summary>Refused: the user is disabled (nothing changed).</summary>
    Disabled = 2,

    /// <summary>Refused: no such user, or the email does not match theirs (nothing changed).</summary>
    Unknown = 3,
}
