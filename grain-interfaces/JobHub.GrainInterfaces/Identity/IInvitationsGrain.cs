using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// The invitations desk (a stateless worker, key <see cref="IdentityGrainKeys.Default"/>): makes invitations (a staged
/// user, a name reserved in the user directory, a random code of which only the hash is stored) and redeems codes.
/// </summary>
[Alias("jobhub.IInvitationsGrain")]
public interface IInvitationsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Invites <see cref="InvitationRequest.Email"/> (admins and customer admins): creates the staged user, pre-configured
    /// with the request's groups and features, and an invitation valid for the configured lifetime. Inviting the email of a
    /// staged user again issues a new code and the old one is refused from then on.
    /// </summary>
    [Alias("Invite")]
    Task<IssuedInvitation> Invite(string actor, InvitationRequest request);

    /// <summary>Redeems an invitation code (see <see cref="IInvitationGrain.Redeem"/>); a malformed code is refused without a lookup.</summary>
    [Alias("Redeem")]
    Task<RedeemedInvitation> Redeem(string code);
}
