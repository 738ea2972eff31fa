using Orleans;

namespace JobHub.Grains.Identity;

/// <summary>The persisted state of an invitation grain: never the code (the grain's key is its hash).</summary>
[GenerateSerializer]
[Alias("jobhub.InvitationGrainState")]
internal sealed class InvitationGrainState
{
    /// <summary>The staged user the code promotes; null while the invitation does not exist.</summary>
    [Id(0)]
    public string? UserName { get; set; }

    [Id(1)]
    public string Email { get; set; } = "";

    [Id(2)]
    public string InvitedBy { get; set; } = "";

    [Id(3)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(4)]
    public DateTimeOffset ExpiresAt { get; set; }

    [Id(5)]
    public DateTimeOffset? RedeemedAt { get; set; }
}
