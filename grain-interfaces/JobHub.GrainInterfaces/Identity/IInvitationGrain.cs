using JobHub.Contracts.Identity;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// One invitation (key: its id, the lower-case hex SHA-256 of the code; the code is never stored). Redeemed once, before
/// it expires, and only while it is its staged user's current invitation.
/// </summary>
[Alias("jobhub.IInvitationGrain")]
public interface IInvitationGrain : IGrainWithStringKey
{
    /// <summary>Creates the invitation's record (called by the invitations desk); a repeat with the same user answers the record.</summary>
    [Alias("Register")]
    Task<InvitationInfo> Register(InvitationRegistration registration);

    /// <summary>
    /// Redeems the code: promotes the staged user to regular and issues their first API token. Refused with
    /// <see cref="InvitationRefusedException"/> when the code is unknown, expired, already redeemed, or replaced by a
    /// newer invitation (or its staged user was deleted).
    /// </summary>
    [Alias("Redeem")]
    Task<RedeemedInvitation> Redeem(string code);

    /// <summary>The record, or null when there is none. Read-only; answered even while the grain waits on another call.</summary>
    [AlwaysInterleave]
    [Alias("Get")]
    Task<InvitationInfo?> Get();
}
