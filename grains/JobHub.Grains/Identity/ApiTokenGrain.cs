using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Identity.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Identity;

/// <summary>
/// One API token (key: the hex SHA-256 of the secret). Checks presented tokens, slides their expiry, and writes the last
/// use at most once per <see cref="JobHubIdentityOptions.TokenLastUsedWriteInterval"/> (and when it deactivates), so a
/// busy client does not write on every call. Expiry is always computed from the newest accepted use this activation saw.
/// </summary>
[GrainType("apitoken")]
internal sealed partial class ApiTokenGrain(
    [FromKeyedServices(IdentityClock.ServiceKey)] TimeProvider time,
    IOptionsMonitor<JobHubIdentityOptions> options,
    ILogger<ApiTokenGrain> logger,
    [PersistentState("apitoken")] IPersistentState<ApiTokenGrainState> state) : Grain, IApiTokenGrain
{
    // The newest accepted use and the expiry it gives; the stored ones may be up to the write interval older.
    private DateTimeOffset? _lastUsedAt;
    private DateTimeOffset? _expiresAt;

    private ApiTokenGrainState S => state.State;

    private bool Exists => S.Owner is not null;

    private string TokenId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastUsedAt = S.LastUsedAt;
        _expiresAt = S.ExpiresAt;
        return Task.CompletedTask;
    }

    /// <summary>Writes a last use newer than the stored one.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Exists && _lastUsedAt > S.LastUsedAt)
        {
            S.LastUsedAt = _lastUsedAt;
            S.ExpiresAt = _expiresAt;
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                LogLastUseWriteFailed(logger, ex, SecretId.ForLog(TokenId));
            }
        }
    }

    /// <inheritdoc />
    public async Task<ApiTokenInfo> Register(ApiTokenRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        IdentityInput.SecretId(TokenId, "tokenId");
        var owner = IdentityInput.UserName(registration.Owner, "owner");
        var name = IdentityInput.TokenName(registration.Name, "name");
        if (Exists)
        {
            return S.Owner == owner && S.Name == name
                ? Info(time.GetUtcNow())
                : throw new IdentityConflictException("A token with this id exists already.");
        }

        var now = time.GetUtcNow();
        S.Owner = owner;
        S.Name = name;
        S.CreatedAt = now;
        S.NeverExpires = registration.NeverExpires;
        S.ExpiresAt = registration.NeverExpires ? null : now + options.CurrentValue.TokenIdleLifetime;
        _expiresAt = S.ExpiresAt;
        await SaveAsync();
        return Info(now);
    }

    /// <inheritdoc />
    public async Task<ApiTokenCheck> Verify(string token)
    {
        if (!ApiTokenFormat.IsWellFormedToken(token))
        {
            return ApiTokenCheck.Refused(ApiTokenCheckResult.Malformed);
        }

        if (!SecretId.IsWellFormed(TokenId) || !SecretId.Matches(token, TokenId))
        {
            return ApiTokenCheck.Refused(ApiTokenCheckResult.Unknown);
        }

        if (!Exists)
        {
            DeactivateOnIdle(); // no activation kept for tokens that do not exist
            return ApiTokenCheck.Refused(ApiTokenCheckResult.Unknown);
        }

        if (S.RevokedAt is not null)
        {
            return ApiTokenCheck.Refused(ApiTokenCheckResult.Revoked);
        }

        if (IsExpired(time.GetUtcNow()))
        {
            return ApiTokenCheck.Refused(ApiTokenCheckResult.Expired);
        }

        var owner = await GrainFactory.User(S.Owner!).Find();
        if (owner is null)
        {
            return ApiTokenCheck.Refused(ApiTokenCheckResult.Unknown);
        }

        if (owner.Status != UserStatus.Regular)
        {
            return new ApiTokenCheck(ApiTokenCheckResult.UserDisabled, owner.Name, null);
        }

        var now = time.GetUtcNow();
        if (IsExpired(now))
        {
            return ApiTokenCheck.Refused(ApiTokenCheckResult.Expired);
        }

        _lastUsedAt = now;
        if (!S.NeverExpires)
        {
            _expiresAt = now + options.CurrentValue.TokenIdleLifetime;
        }

        if (S.LastUsedAt is not { } written || now - written >= options.CurrentValue.TokenLastUsedWriteInterval)
        {
            await WriteLastUseAsync();
        }

        return new ApiTokenCheck(ApiTokenCheckResult.Valid, owner.Name, _expiresAt);
    }

    /// <inheritdoc />
    public Task<ApiTokenInfo?> Get() => Task.FromResult(Exists ? Info(time.GetUtcNow()) : null);

    /// <inheritdoc />
    public async Task<ApiTokenInfo?> Revoke(string by)
    {
        ArgumentException.ThrowIfNullOrEmpty(by);
        if (!Exists)
        {
            return null;
        }

        if (S.RevokedAt is null)
        {
            S.RevokedAt = time.GetUtcNow();
            S.RevokedBy = by;
            S.LastUsedAt = _lastUsedAt;
            S.ExpiresAt = _expiresAt;
            await SaveAsync();
        }

        return Info(time.GetUtcNow());
    }

    private bool IsExpired(DateTimeOffset now) => !S.NeverExpires && (_expiresAt is not { } expires || now >= expires);

    /// <summary>The throttled write: a failure is logged and the token still accepted (the next use tries again).</summary>
    private async Task WriteLastUseAsync()
    {
        var (lastUsed, expires) = (S.LastUsedAt, S.ExpiresAt);
        S.LastUsedAt = _lastUsedAt;
        S.ExpiresAt = _expiresAt;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            (S.LastUsedAt, S.ExpiresAt) = (lastUsed, expires);
            LogLastUseWriteFailed(logger, ex, SecretId.ForLog(TokenId));
        }
    }

    private Task SaveAsync() => state.WriteOrDeactivateAsync(this);

    private ApiTokenInfo Info(DateTimeOffset now) => new()
    {
        TokenId = TokenId,
        Owner = S.Owner!,
        Name = S.Name,
        Status = S.RevokedAt is not null ? ApiTokenStatus.Revoked : IsExpired(now) ? ApiTokenStatus.Expired : ApiTokenStatus.Active,
        CreatedAt = S.CreatedAt,
        LastUsedAt = _lastUsedAt,
        ExpiresAt = S.NeverExpires ? null : _expiresAt,
    };
}
