using System.Globalization;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Identity.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Identity;

/// <summary>
/// One invitation (key: the hex SHA-256 of the code). Redeeming promotes the staged user, issues their first token, then
/// records the redemption; a redeem that failed half-way can be repeated (the promotion is idempotent for the same
/// invitation), and one that succeeded is refused from then on.
/// </summary>
[GrainType("invitation")]
internal sealed partial class InvitationGrain(
    [FromKeyedServices(IdentityClock.ServiceKey)] TimeProvider time,
    ILogger<InvitationGrain> logger,
    [PersistentState("invitation")] IPersistentState<InvitationGrainState> state) : Grain, IInvitationGrain
{
    private const string FirstTokenName = "first token";

    private InvitationGrainState S => state.State;

    private bool Exists => S.UserName is not null;

    private string InvitationId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<InvitationInfo> Register(InvitationRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        IdentityInput.SecretId(InvitationId, "invitationId");
        var userName = IdentityInput.UserName(registration.UserName, "userName");
        var email = IdentityInput.Email(registration.Email, "email");
        var invitedBy = IdentityInput.UserName(registration.InvitedBy, "invitedBy");
        if (Exists)
        {
            return S.UserName == userName && S.Email == email ? Info() : throw new IdentityConflictException("An invitation with this id exists already.");
        }

        S.UserName = userName;
        S.Email = email;
        S.InvitedBy = invitedBy;
        S.CreatedAt = time.GetUtcNow();
        S.ExpiresAt = registration.ExpiresAt;
        await SaveAsync();
        return Info();
    }

    /// <inheritdoc />
    public async Task<RedeemedInvitation> Redeem(string code)
    {
        if (!ApiTokenFormat.IsWellFormedInvitationCode(code) || !SecretId.IsWellFormed(InvitationId) || !SecretId.Matches(code, InvitationId))
        {
            throw new InvitationRefusedException("the code is unknown");
        }

        if (!Exists)
        {
            DeactivateOnIdle();
            throw new InvitationRefusedException("the code is unknown");
        }

        if (S.RedeemedAt is not null)
        {
            throw new InvitationRefusedException("it was redeemed already");
        }

        var now = time.GetUtcNow();
        if (now >= S.ExpiresAt)
        {
            throw new InvitationRefusedException(string.Create(CultureInfo.InvariantCulture, $"it expired at {S.ExpiresAt:yyyy-MM-dd HH:mm:ss}Z"));
        }

        var user = GrainFactory.User(S.UserName!);
        var promoted = await user.Promote(InvitationId);
        var token = await user.CreateToken(promoted.Name, FirstTokenName);
        S.RedeemedAt = now;
        await SaveAsync();
        LogRedeemed(logger, promoted.Name, SecretId.ForLog(InvitationId));
        return new RedeemedInvitation(promoted, token);
    }

    /// <inheritdoc />
    public Task<InvitationInfo?> Get() => Task.FromResult(Exists ? Info() : null);

    private Task SaveAsync() => state.WriteOrDeactivateAsync(this);

    private InvitationInfo Info() => new()
    {
        InvitationId = InvitationId,
        UserName = S.UserName!,
        Email = S.Email,
        InvitedBy = S.InvitedBy,
        CreatedAt = S.CreatedAt,
        ExpiresAt = S.ExpiresAt,
        RedeemedAt = S.RedeemedAt,
    };
}
