using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>A new invitation: the code to send to the invitee, shown this once (only its hash is stored), and what it is for.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.IssuedInvitation")]
public sealed record IssuedInvitation
{
    /// <summary>The secret code (<c>jhi_…</c>) the invitee redeems.</summary>
    [Id(0)]
    public required string Code { get; init; }

    /// <summary>The record of the invitation.</summary>
    [Id(1)]
    public required InvitationInfo Info { get; init; }

    /// <summary>The record without the code, so the code never reaches a log by way of this object.</summary>
    public override string ToString() => $"IssuedInvitation {{ Info = {Info} }}";
}
