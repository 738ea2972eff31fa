using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Identity.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.Grains.Identity;

/// <summary>
/// The invitations desk: a stateless worker that checks an invitation, reserves the user name in the directory, stages
/// the user and registers the invitation (in that order, each step idempotent); and forwards codes to their grain.
/// </summary>
[StatelessWorker]
[GrainType("invitations")]
internal sealed partial class InvitationsGrain(
    [FromKeyedServices(IdentityClock.ServiceKey)] TimeProvider time,
    IOptionsMonitor<JobHubIdentityOptions> options,
    ILogger<InvitationsGrain> logger) : Grain, IInvitationsGrain
{
    /// <inheritdoc />
    public async Task<IssuedInvitation> Invite(string actor, InvitationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var email = IdentityInput.Email(request.Email, "email");
        var userName = request.UserName is null ? null : IdentityInput.UserName(request.UserName, "userName");
        var groups = IdentityInput.Groups(request.Groups, "groups");
        var features = IdentityInput.Features(request.Features, "features");
        IdentityInput.UserName(actor, "actor");
        var action = $"invite '{email}'";

        // Checked here first so that a refused invitation reserves nothing; the user grain checks again.
        var acting = IdentityPolicy.RequireActor(actor, await GrainFactory.User(actor).Find(), action);
        IdentityPolicy.CheckInvite(acting, action, groups);

        var name = await GrainFactory.UserDirectory().Reserve(userName ?? IdentityNames.UserNameFromEmail(email), exact: userName is not null, email);
        var code = IdentitySecrets.NewInvitationCode();
        var invitationId = SecretId.Of(code);
        await GrainFactory.User(name).Stage(actor, new StagedUserSpec { Email = email, InvitationId = invitationId, Groups = groups, Features = features });
        var info = await GrainFactory.Invitation(invitationId).Register(
            new InvitationRegistration(name, email, acting.Name, time.GetUtcNow() + options.CurrentValue.InvitationLifetime));
        LogInvited(logger, name, acting.Name, SecretId.ForLog(invitationId), info.ExpiresAt);
        return new IssuedInvitation { Code = code, Info = info };
    }

    /// <inheritdoc />
    public Task<RedeemedInvitation> Redeem(string code) =>
        ApiTokenFormat.IsWellFormedInvitationCode(code)
            ? GrainFactory.Invitation(SecretId.Of(code)).Redeem(code)
            : throw new InvitationRefusedException("the code is malformed (an invitation code is 'jhi_' followed by at least 43 characters of A-Z a-z 0-9 - _)");
}
