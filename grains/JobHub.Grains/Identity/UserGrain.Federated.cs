using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Identity;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Identity;

/// <summary>Logins through the identity provider (OpenID Connect): first-login promotion and site groups from the token's claim.</summary>
internal sealed partial class UserGrain
{
    /// <inheritdoc />
    public async Task<FederatedLogin> FederatedLogin(string email, ImmutableArray<string> siteGroups)
    {
        _ = Name;
        if (!Exists || S.BuiltIn || S.Email is null || !string.Equals(S.Email, email?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return GrainInterfaces.Identity.FederatedLogin.Refused(FederatedLoginOutcome.Unknown);
        }

        if (S.Status == UserStatus.Disabled)
        {
            return GrainInterfaces.Identity.FederatedLogin.Refused(FederatedLoginOutcome.Disabled);
        }

        var outcome = FederatedLoginOutcome.Regular;
        var changed = false;
        if (S.Status == UserStatus.Staged)
        {
            S.Status = UserStatus.Regular;
            S.StatusChangedAt = time.GetUtcNow();
            S.Groups.Add(BuiltInGroups.Users.Key);
            outcome = FederatedLoginOutcome.Promoted;
            changed = true;
            LogPromotedByProvider(logger, Key);
        }

        var names = siteGroups.IsDefault ? ImmutableArray<string>.Empty : siteGroups;
        var wanted = names
            .Where(n => IdentityNames.GroupProblem(new GroupRef(IdentityRealms.Site, n)) is null)
            .Select(n => new GroupRef(IdentityRealms.Site, n).Key)
            .Distinct(StringComparer.Ordinal)
            .ToHashSet(StringComparer.Ordinal);
        var sitePrefix = IdentityRealms.Site + "/";
        var left = S.Groups.Where(k => k.StartsWith(sitePrefix, StringComparison.Ordinal) && !wanted.Contains(k)).Order(StringComparer.Ordinal).ToImmutableArray();
        var joined = wanted.Where(k => !S.Groups.Contains(k)).Order(StringComparer.Ordinal)
            .Take(Math.Max(0, IdentityLimits.MaxGroupsPerUser - (S.Groups.Count - left.Length)))
            .ToImmutableArray();
        foreach (var key in left)
        {
            S.Groups.Remove(key);
        }

        foreach (var key in joined)
        {
            S.Groups.Add(key);
        }

        if (changed || left.Length > 0 || joined.Length > 0)
        {
            await SaveAsync();
            await Directory.Upsert(Summary());
            LogProviderGroups(logger, Key, joined.Length, left.Length);
        }

        return new FederatedLogin(outcome, await GetAccess(), joined, left);
    }

    [LoggerMessage(EventId = 4820, Level = LogLevel.Information, Message = "User {UserName} logged in through the identity provider for the first time and is regular")]
    private static partial void LogPromotedByProvider(ILogger logger, string userName);

    [LoggerMessage(EventId = 4821, Level = LogLevel.Information, Message = "User {UserName}: site groups matched to the identity provider's claim ({Joined} joined, {Left} left)")]
    private static partial void LogProviderGroups(ILogger logger, string userName, int joined, int left);
}
