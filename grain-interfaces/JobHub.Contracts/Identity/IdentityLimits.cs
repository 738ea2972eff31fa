namespace JobHub.Contracts.Identity;

/// <summary>Sizes the identity grains accept; a larger input is refused with the limit in the message.</summary>
public static class IdentityLimits
{
    /// <summary>Longest user, group or feature name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Longest email address (RFC 5321 path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Longest name of an API token.</summary>
    public const int MaxTokenNameLength = 100;

    /// <summary>Most groups one user is in.</summary>
    public const int MaxGroupsPerUser = 100;

    /// <summary>Most features granted directly to one user or one group.</summary>
    public const int MaxFeatures = 100;

    /// <summary>Most API tokens one user holds (expired and revoked ones are dropped when the limit is reached).</summary>
    public const int MaxTokensPerUser = 100;
}
