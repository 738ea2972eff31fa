using Orleans;

namespace JobHub.Grains.Identity;

/// <summary>
/// The persisted state of a token grain: never the secret (the grain's key is its hash). <see cref="LastUsedAt"/> and
/// <see cref="ExpiresAt"/> are written at most once per <c>TokenLastUsedWriteInterval</c>; the activation holds the newest
/// values and writes them when it deactivates, so after a crash a token can expire up to that interval early, never late.
/// </summary>
[GenerateSerializer]
[Alias("jobhub.ApiTokenGrainState")]
internal sealed class ApiTokenGrainState
{
    /// <summary>The owner's user name; null while the token does not exist.</summary>
    [Id(0)]
    public string? Owner { get; set; }

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(3)]
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>When the token expires unless used before (ignored when <see cref="NeverExpires"/>).</summary>
    [Id(4)]
    public DateTimeOffset? ExpiresAt { get; set; }

    [Id(5)]
    public bool NeverExpires { get; set; }

    [Id(6)]
    public DateTimeOffset? RevokedAt { get; set; }

    [Id(7)]
    public string? RevokedBy { get; set; }
}
