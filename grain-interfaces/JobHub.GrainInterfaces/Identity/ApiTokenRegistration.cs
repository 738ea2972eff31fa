using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>What the owner's user grain tells a new token grain (the secret itself never travels: the grain's key is its hash).</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ApiTokenRegistration")]
public sealed record ApiTokenRegistration(
    [property: Id(0)] string Owner,
    [property: Id(1)] string Name,
    [property: Id(2)] bool NeverExpires);
