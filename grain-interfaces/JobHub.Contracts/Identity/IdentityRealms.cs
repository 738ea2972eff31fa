namespace JobHub.Contracts.Identity;

/// <summary>The realms groups live in.</summary>
public static class IdentityRealms
{
    /// <summary>JobHub's own groups: only <see cref="BuiltInGroups"/>.</summary>
    public const string JobHub = "jobhub";

    /// <summary>The identity provider's groups (any valid name).</summary>
    public const string Site = "site";

    /// <summary>True for a realm JobHub knows.</summary>
    public static bool IsKnown(string? realm) => realm is JobHub or Site;
}
