using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Identity.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Identity;

/// <summary>
/// One user (key: the user name). The source of truth for the user's status, email, groups, features and token list;
/// after each change it writes its row to the user directory. Every change checks its inputs, then the acting user
/// (asked from their own grain with the interleaving <see cref="IUserGrain.Find"/>), then <see cref="IdentityPolicy"/>,
/// and only then changes anything. Calls go to the actor's user grain (read-only), token grains, group grains
/// (read-only) and the directory; none of them calls a user grain's changing methods, so no call cycle can form.
/// </summary>
[GrainType("user")]
internal sealed partial class UserGrain(
    [FromKeyedServices(IdentityClock.ServiceKey)] TimeProvider time,
    ILogger<UserGrain> logger,
    [PersistentState("user")] IPersistentState<UserGrainState> state) : Grain, IUserGrain
{
    private const string FirstStartTokenName = "first-start admin token";
    private const string ConfiguredTokenName = "configured bootstrap admin token";

    private UserGrainState S => state.State;

    private bool Exists => S.CreatedAt != default;

    private string Key => this.GetPrimaryKeyString();

    /// <summary>The key, checked: a malformed key is refused on every call.</summary>
    private string Name => IdentityInput.UserName(Key, "userName");

    private IUserDirectoryGrain Directory => GrainFactory.UserDirectory();

    /// <summary>Writes the directory row again, in case an earlier activation's write was lost.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists && IdentityNames.UserNameProblem(Key) is null)
        {
            try
            {
                await Directory.Upsert(Summary());
            }
            catch (Exception ex)
            {
                LogDirectoryWriteFailed(logger, ex, Key);
            }
        }
    }

    /// <inheritdoc />
    public Task<UserInfo?> Find()
    {
        _ = Name;
        return Task.FromResult(Exists ? Info() : null);
    }

    /// <inheritdoc />
    public Task<UserInfo> Get() => Task.FromResult(Existing());

    /// <inheritdoc />
    public async Task<UserAccess> GetAccess()
    {
        var user = Existing();
        var groupFeatures = await Task.WhenAll(user.Groups.Select(g => GrainFactory.Group(g).Get()));
        return new UserAccess
        {
            Name = user.Name,
            Status = user.Status,
            Groups = user.Groups,
            Features = [.. user.Features.Concat(groupFeatures.SelectMany(g => g.Features)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }

    /// <inheritdoc />
    public async Task<UserInfo> EnsureBuiltIn()
    {
        var name = Name;
        GroupRef[] groups = name switch
        {
            BuiltInUsers.Admin => [BuiltInGroups.Admins, BuiltInGroups.Users],
            BuiltInUsers.Anon => [BuiltInGroups.Anon],
            _ => throw new IdentityConflictException($"'{name}' is not a built-in user."),
        };
        var changed = false;
        if (!Exists)
        {
            var now = time.GetUtcNow();
            S.CreatedAt = now;
            S.StatusChangedAt = now;
            S.Status = UserStatus.Regular;
            S.BuiltIn = true;
            changed = true;
            LogBuiltInCreated(logger, name);
        }

        foreach (var group in groups)
        {
            changed |= S.Groups.Add(group.Key);
        }

        if (S.Status != UserStatus.Regular)
        {
            S.Status = UserStatus.Regular;
            S.StatusChangedAt = time.GetUtcNow();
            changed = true;
        }

        if (changed)
        {
            await SaveAsync();
        }

        await Directory.Upsert(Summary());
        return Info();
    }

    /// <inheritdoc />
    public async Task<UserInfo> Stage(string actor, StagedUserSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = Name;
        var email = IdentityInput.Email(spec.Email, "email");
        var invitationId = IdentityInput.SecretId(spec.InvitationId, "invitationId");
        var groups = IdentityInput.Groups(spec.Groups, "groups");
        var features = IdentityInput.Features(spec.Features, "features");
        var action = $"invite '{email}' as '{name}'";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckInvite(acting, action, groups);
        if (BuiltInUsers.Contains(name))
        {
            throw new IdentityConflictException($"'{name}' is a built-in user.");
        }

        if (Exists)
        {
            if (S.Status != UserStatus.Staged)
            {
                throw new IdentityConflictException($"'{name}' is already a user; only staged users are invited.");
            }

            if (S.Email != email)
            {
                throw new IdentityConflictException($"'{name}' is staged for another email address.");
            }

            IdentityPolicy.CheckUserAdministration(acting, Info(), action);
        }

        if (S.Groups.Union(groups.Select(g => g.Key)).Count() > IdentityLimits.MaxGroupsPerUser
            || S.Features.Union(features).Count() > IdentityLimits.MaxFeatures)
        {
            throw new IdentityConflictException($"'{name}' would be in more than {IdentityLimits.MaxGroupsPerUser} groups or have more than {IdentityLimits.MaxFeatures} features.");
        }

        if (!Exists)
        {
            var now = time.GetUtcNow();
            S.CreatedAt = now;
            S.StatusChangedAt = now;
            S.Status = UserStatus.Staged;
            S.Email = email;
            S.InvitedBy = acting.Name;
        }

        S.InvitationId = invitationId;
        S.Groups.UnionWith(groups.Select(g => g.Key));
        S.Features.UnionWith(features);
        await SaveAsync();
        await Directory.Upsert(Summary());
        LogStaged(logger, name, acting.Name);
        return Info();
    }

    /// <inheritdoc />
    public async Task<UserInfo> Promote(string invitationId)
    {
        var name = Name;
        IdentityInput.SecretId(invitationId, "invitationId");
        if (!Exists)
        {
            throw new InvitationRefusedException("its staged user was deleted");
        }

        if (S.InvitationId != invitationId)
        {
            throw new InvitationRefusedException("a newer invitation replaced it");
        }

        if (S.Status != UserStatus.Staged)
        {
            return Info(); // promoted by this invitation before (a repeated call)
        }

        S.Status = UserStatus.Regular;
        S.StatusChangedAt = time.GetUtcNow();
        S.Groups.Add(BuiltInGroups.Users.Key);
        await SaveAsync();
        await Directory.Upsert(Summary());
        LogPromoted(logger, name);
        return Info();
    }

    /// <inheritdoc />
    public Task<UserInfo> JoinGroup(string actor, GroupRef group) => ChangeMembershipAsync(actor, group, join: true);

    /// <inheritdoc />
    public Task<UserInfo> LeaveGroup(string actor, GroupRef group) => ChangeMembershipAsync(actor, group, join: false);

    /// <inheritdoc />
    public Task<UserInfo> GrantFeature(string actor, string feature) => ChangeFeatureAsync(actor, feature, grant: true);

    /// <inheritdoc />
    public Task<UserInfo> RevokeFeature(string actor, string feature) => ChangeFeatureAsync(actor, feature, grant: false);

    /// <inheritdoc />
    public async Task<UserInfo> Disable(string actor)
    {
        var user = Existing();
        var action = $"disable '{user.Name}'";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckUserAdministration(acting, user, action);
        if (user.BuiltIn)
        {
            throw new IdentityConflictException($"The built-in user '{user.Name}' cannot be disabled.");
        }

        if (S.Status == UserStatus.Staged)
        {
            throw new IdentityConflictException($"'{user.Name}' is staged: a staged user is deleted, not disabled.");
        }

        if (S.Status == UserStatus.Disabled)
        {
            return user;
        }

        return await SetStatusAsync(UserStatus.Disabled, acting.Name);
    }

    /// <inheritdoc />
    public async Task<UserInfo> Enable(string actor)
    {
        var user = Existing();
        var action = $"enable '{user.Name}'";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckUserAdministration(acting, user, action);
        if (S.Status == UserStatus.Staged)
        {
            throw new IdentityConflictException($"'{user.Name}' is staged: a staged user becomes regular by redeeming their invitation.");
        }

        if (S.Status == UserStatus.Regular)
        {
            return user;
        }

        return await SetStatusAsync(UserStatus.Regular, acting.Name);
    }

    /// <inheritdoc />
    public async Task DeleteStaged(string actor)
    {
        var name = Name;
        var action = $"delete '{name}'";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckUserAdministration(acting, Exists ? Info() : null, action);
        if (!Exists)
        {
            await Directory.Remove(name); // a name reserved by an invitation that never staged its user
            return;
        }

        if (S.Status != UserStatus.Staged)
        {
            throw new IdentityConflictException($"Regular users are never deleted, so their jobs, bills and data stay attributable: disable '{name}' instead.");
        }

        try
        {
            await state.ClearStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        state.State = new UserGrainState();
        await Directory.Remove(name);
        LogDeleted(logger, name, acting.Name);
    }

    /// <inheritdoc />
    public async Task<IssuedApiToken> CreateToken(string actor, string name)
    {
        var user = Existing();
        var tokenName = IdentityInput.TokenName(name, "name");
        var action = $"issue a token for '{user.Name}'";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckTokens(acting, user.Name, action);
        if (user.Name == BuiltInUsers.Anon)
        {
            throw new IdentityConflictException("The anon user has no tokens.");
        }

        if (user.Status != UserStatus.Regular)
        {
            throw new IdentityConflictException($"'{user.Name}' is {user.Status.ToString().ToLowerInvariant()}: tokens are issued only to regular users.");
        }

        if (S.Tokens.Count >= IdentityLimits.MaxTokensPerUser)
        {
            await DropEndedTokensAsync();
            if (S.Tokens.Count >= IdentityLimits.MaxTokensPerUser)
            {
                throw new IdentityConflictException($"'{user.Name}' holds {IdentityLimits.MaxTokensPerUser} tokens, the most a user may; revoke one first.");
            }
        }

        var secret = IdentitySecrets.NewApiToken();
        var tokenId = SecretId.Of(secret);
        var info = await GrainFactory.ApiToken(tokenId).Register(new ApiTokenRegistration(user.Name, tokenName, NeverExpires: false));
        S.Tokens[tokenId] = new UserTokenEntry { Name = tokenName, CreatedAt = info.CreatedAt };
        await SaveAsync();
        LogTokenIssued(logger, SecretId.ForLog(tokenId), user.Name, acting.Name);
        return new IssuedApiToken(secret, info);
    }

    /// <inheritdoc />
    public async Task<ImmutableArray<ApiTokenInfo>> ListTokens(string actor)
    {
        var user = Existing();
        var action = $"list the tokens of '{user.Name}'";
        IdentityPolicy.CheckTokens(IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action), user.Name, action);
        var tokens = await Task.WhenAll(S.Tokens.Keys.Select(id => GrainFactory.ApiToken(id).Get()));
        return [.. tokens.OfType<ApiTokenInfo>().OrderBy(t => t.CreatedAt).ThenBy(t => t.TokenId, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task RevokeToken(string actor, string tokenId)
    {
        var user = Existing();
        IdentityInput.SecretId(tokenId, "tokenId");
        var action = $"revoke a token of '{user.Name}'";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckTokens(acting, user.Name, action);
        if (!S.Tokens.ContainsKey(tokenId))
        {
            throw new ApiTokenNotFoundException(user.Name, tokenId);
        }

        await GrainFactory.ApiToken(tokenId).Revoke(acting.Name);
        S.Tokens.Remove(tokenId);
        await SaveAsync();
        LogTokenRevoked(logger, SecretId.ForLog(tokenId), user.Name, acting.Name);
    }

    /// <inheritdoc />
    public async Task<ApiTokenInfo?> RegisterBootstrapToken(BootstrapTokenKind kind, string tokenId)
    {
        var user = Existing();
        IdentityInput.SecretId(tokenId, "tokenId");
        if (user.Name != BuiltInUsers.Admin)
        {
            throw new IdentityConflictException("Only the built-in admin user has bootstrap tokens.");
        }

        ApiTokenInfo info;
        if (kind == BootstrapTokenKind.FirstStart)
        {
            if (S.FirstStartTokenId is { } issued && issued != tokenId)
            {
                return null;
            }

            info = await GrainFactory.ApiToken(tokenId).Register(new ApiTokenRegistration(user.Name, FirstStartTokenName, NeverExpires: true));
            S.FirstStartTokenId = tokenId;
        }
        else
        {
            if (S.ConfiguredTokenId is { } previous && previous != tokenId)
            {
                await GrainFactory.ApiToken(previous).Revoke("configuration: the bootstrap admin token changed");
                S.Tokens.Remove(previous);
                LogTokenRevoked(logger, SecretId.ForLog(previous), user.Name, "configuration");
            }

            info = await GrainFactory.ApiToken(tokenId).Register(new ApiTokenRegistration(user.Name, ConfiguredTokenName, NeverExpires: true));
            S.ConfiguredTokenId = tokenId;
        }

        if (info.Status == ApiTokenStatus.Active)
        {
            S.Tokens[tokenId] = new UserTokenEntry { Name = info.Name, CreatedAt = info.CreatedAt };
        }

        await SaveAsync();
        return info;
    }

    private async Task<UserInfo> ChangeMembershipAsync(string actor, GroupRef group, bool join)
    {
        var user = Existing();
        group = IdentityInput.Group(group, "group");
        var action = join ? $"add '{user.Name}' to {group}" : $"remove '{user.Name}' from {group}";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckMembership(acting, user, group, join);
        if (S.Groups.Contains(group.Key) == join)
        {
            return user;
        }

        if (join && S.Groups.Count >= IdentityLimits.MaxGroupsPerUser)
        {
            throw new IdentityConflictException($"'{user.Name}' is in {IdentityLimits.MaxGroupsPerUser} groups, the most a user may be in.");
        }

        if (join)
        {
            S.Groups.Add(group.Key);
        }
        else
        {
            S.Groups.Remove(group.Key);
        }

        await SaveAsync();
        await Directory.Upsert(Summary());
        LogMembershipChanged(logger, user.Name, join ? "joined" : "left", group.Key, acting.Name);
        return Info();
    }

    private async Task<UserInfo> ChangeFeatureAsync(string actor, string feature, bool grant)
    {
        var user = Existing();
        feature = IdentityInput.Feature(feature, "feature");
        var action = grant ? $"grant '{feature}' to '{user.Name}'" : $"revoke '{feature}' from '{user.Name}'";
        var acting = IdentityPolicy.RequireActor(actor, await FindActorAsync(actor), action);
        IdentityPolicy.CheckUserFeature(acting, user, action);
        if (S.Features.Contains(feature) == grant)
        {
            return user;
        }

        if (grant && S.Features.Count >= IdentityLimits.MaxFeatures)
        {
            throw new IdentityConflictException($"'{user.Name}' has {IdentityLimits.MaxFeatures} features, the most a user may have.");
        }

        if (grant)
        {
            S.Features.Add(feature);
        }
        else
        {
            S.Features.Remove(feature);
        }

        await SaveAsync();
        LogFeatureChanged(logger, user.Name, grant ? "granted" : "revoked", feature, acting.Name);
        return Info();
    }

    private async Task<UserInfo> SetStatusAsync(UserStatus status, string actor)
    {
        S.Status = status;
        S.StatusChangedAt = time.GetUtcNow();
        await SaveAsync();
        await Directory.Upsert(Summary());
        LogStatusChanged(logger, Key, status, actor);
        return Info();
    }

    /// <summary>Drops the entries of tokens that expired, were revoked or no longer exist.</summary>
    private async Task DropEndedTokensAsync()
    {
        var ids = S.Tokens.Keys.ToList();
        var infos = await Task.WhenAll(ids.Select(id => GrainFactory.ApiToken(id).Get()));
        for (var i = 0; i < ids.Count; i++)
        {
            if (infos[i] is not { Status: ApiTokenStatus.Active })
            {
                S.Tokens.Remove(ids[i]);
            }
        }
    }

    /// <summary>The acting user: this grain's own state when the user acts on themselves (a grain never calls itself).</summary>
    private async Task<UserInfo?> FindActorAsync(string actor)
    {
        IdentityInput.UserName(actor, "actor");
        if (actor == Key)
        {
            return Exists ? Info() : null;
        }

        return await GrainFactory.User(actor).Find();
    }

    private UserInfo Existing()
    {
        var name = Name;
        return Exists ? Info() : throw new UserNotFoundException(name);
    }

    private Task SaveAsync() => state.WriteOrDeactivateAsync(this);

    private ImmutableArray<GroupRef> SortedGroups() =>
        [.. S.Groups.Order(StringComparer.Ordinal).Select(k => IdentityNames.ParseGroupKey(k, out _)).OfType<GroupRef>()];

    private UserInfo Info() => new()
    {
        Name = Key,
        Status = S.Status,
        Email = S.Email,
        Groups = SortedGroups(),
        Features = [.. S.Features.Order(StringComparer.Ordinal)],
        CreatedAt = S.CreatedAt,
        StatusChangedAt = S.StatusChangedAt,
        InvitedBy = S.InvitedBy,
        BuiltIn = S.BuiltIn,
    };

    private UserSummary Summary() => new()
    {
        Name = Key,
        Status = S.Status,
        Email = S.Email,
        Groups = SortedGroups(),
        CreatedAt = S.CreatedAt,
    };
}
