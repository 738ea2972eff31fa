using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.Grains.Identity;

/// <summary>The persisted state of a user grain. A user exists when <see cref="CreatedAt"/> is set.</summary>
[GenerateSerializer]
[Alias("jobhub.UserGrainState")]
internal sealed class UserGrainState
{
    [Id(0)]
    public UserStatus Status { get; set; }

    /// <summary>Lower-cased; null for the built-in users.</summary>
    [Id(1)]
    public string? Email { get; set; }

    /// <summary>Group keys (<c>{realm}/{name}</c>).</summary>
    [Id(2)]
    public HashSet<string> Groups { get; set; } = [];

    /// <summary>Features granted to the user directly.</summary>
    [Id(3)]
    public HashSet<string> Features { get; set; } = [];

    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(5)]
    public DateTimeOffset StatusChangedAt { get; set; }

    [Id(6)]
    public string? InvitedBy { get; set; }

    /// <summary>The invitation that promotes (or promoted) the user: only it is accepted.</summary>
    [Id(7)]
    public string? InvitationId { get; set; }

    /// <summary>The user's tokens by id (the hex SHA-256 of the secret, never the secret).</summary>
    [Id(8)]
    public Dictionary<string, UserTokenEntry> Tokens { get; set; } = [];

    /// <summary>The id of the configured bootstrap token last registered (built-in admin only).</summary>
    [Id(9)]
    public string? ConfiguredTokenId { get; set; }

    /// <summary>The id of the first-start token once issued (built-in admin only): it is issued once, ever.</summary>
    [Id(10)]
    public string? FirstStartTokenId { get; set; }

    [Id(11)]
    public bool BuiltIn { get; set; }
}
