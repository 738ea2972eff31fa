using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>A group: a realm (<c>jobhub</c> or <c>site</c>) and a name; written <c>{realm}/{name}</c>, its grain key.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.GroupRef")]
public sealed record GroupRef(
    [property: Id(0)] string Realm,
    [property: Id(1)] string Name)
{
    /// <summary>The group's key, <c>{realm}/{name}</c>.</summary>
    public string Key => $"{Realm}/{Name}";

    /// <summary>A group of the <c>site</c> realm (the identity provider's).</summary>
    public static GroupRef Site(string name) => new(IdentityRealms.Site, name);

    /// <inheritdoc />
    public override string ToString() => Key;
}
