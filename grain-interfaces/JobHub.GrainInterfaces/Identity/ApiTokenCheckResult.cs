using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>The answer to a presented API token.</summary>
[GenerateSerializer]
[Alias("jobhub.ApiTokenCheckResult")]
public enum ApiTokenCheckResult
{
    /// <summary>Accepted; its expiry was pushed on.</summary>
    Valid = 0,

    /// <summary>Not a JobHub token (<c>jhp_</c> + 43–200 base64url characters).</summary>
    Malformed = 1,

    /// <summary>No such token.</summary>
    Unknown = 2,

    /// <summary>Unused for longer than the idle lifetime.</summary>
    Expired = 3,

    /// <summary>Revoked.</summary>
    Revoked = 4,

    /// <summary>Its owner is disabled (or no longer a regular user).</summary>
    UserDisabled = 5,
}
