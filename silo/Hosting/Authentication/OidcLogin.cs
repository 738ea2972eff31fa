using System.Collections.Immutable;
using System.Security.Claims;
using JobHub.Contracts.Audit;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Audit;
using Microsoft.IdentityModel.Tokens;

namespace JobHub.Silo.Hosting.Authentication;

/// <summary>
/// Maps a token the identity provider signed (already validated by JwtBearer) to a JobHub user: found by the email claim in
/// the user directory; an invited (staged) user's first login promotes them; the groups claim sets their <c>site</c> groups.
/// Promotions, group changes and refusals are written to the audit log (actor: the user, or <c>anon</c> for an unknown email).
/// </summary>
internal static class OidcLogin
{
    /// <summary>The token id claim of a principal that came with a provider's token (it has no JobHub token id).</summary>
    public const string TokenId = "oidc";

    /// <summary>True when <paramref name="token"/> has the shape of a JWT: three dot-separated base64url parts.</summary>
    public static bool LooksLikeJwt(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '='));
    }

    /// <summary>The principal of the user, or the reason (in words a caller can act on) why the token is refused.</summary>
    public static async Task<(ClaimsPrincipal? Principal, string? Refusal)> MapAsync(ClaimsPrincipal validated, JobHubOidcOptions options, IGrainFactory grains, IAuditLog audit)
    {
        var email = validated.FindFirst(options.EmailClaim)?.Value?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > IdentityLimits.MaxEmailLength || TextRules.HasControlCharacters(email))
        {
            return (null, $"The identity provider's token was refused: it has no usable '{options.EmailClaim}' claim, and JobHub finds the user by email.");
        }

        var groups = validated.FindAll(options.GroupsClaim).Select(c => c.Value).ToImmutableArray();
        var row = await grains.UserDirectory().FindByEmail(email);
        var login = row is null ? FederatedLogin.Refused(FederatedLoginOutcome.Unknown) : await grains.User(row.Name).FederatedLogin(email, groups);
        var shown = TextRules.ForTerminal(email);
        switch (login.Outcome)
        {
            case FederatedLoginOutcome.Unknown:
                await audit.AppendAsync(new AuditRecord(BuiltInUsers.Anon, "user.login", shown, AuditOutcomes.Denied, "OpenID Connect: no JobHub user has this email (not invited)"), CancellationToken.None);
                return (null, $"The identity provider's token was refused: no JobHub user has the email '{shown}'. An administrator must invite this email first (POST /api/v1/users); the first login then activates the user.");
            case FederatedLoginOutcome.Disabled:
                await audit.AppendAsync(new AuditRecord(row!.Name, "user.login", row.Name, AuditOutcomes.Denied, "OpenID Connect: the user is disabled"), CancellationToken.None);
                return (null, "The identity provider's token was refused: its user is disabled.");
        }

        var access = login.Access!;
        var user = access.Name;
        if (login.Outcome == FederatedLoginOutcome.Promoted)
        {
            await audit.AppendAsync(new AuditRecord(user, "user.login", user, AuditOutcomes.Ok, "first login through OpenID Connect: the invited user is now regular"), CancellationToken.None);
        }

        foreach (var group in login.Joined)
        {
            await audit.AppendAsync(new AuditRecord(user, "group.member.add", user, AuditOutcomes.Ok, $"group {group}, from the identity provider's '{options.GroupsClaim}' claim"), CancellationToken.None);
        }

        foreach (var group in login.Left)
        {
            await audit.AppendAsync(new AuditRecord(user, "group.member.remove", user, AuditOutcomes.Ok, $"group {group}, not in the identity provider's '{options.GroupsClaim}' claim"), CancellationToken.None);
        }

        return (JobHubPrincipal.ForUser(access, TokenId), null);
    }

    /// <summary>True when <paramref name="failure"/> is not a verdict on the token but a failure to check it (worth a warning).</summary>
    public static bool IsUnexpected(Exception failure) => failure is not (SecurityTokenException or ArgumentException);

    /// <summary>Why JwtBearer refused a token, in plain words (never the token, never the library's diagnostic text).</summary>
    public static string Refusal(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "The identity provider's token was refused: it expired.",
        SecurityTokenNotYetValidException => "The identity provider's token was refused: it is not valid yet (nbf is in the future).",
        SecurityTokenInvalidIssuerException => "The identity provider's token was refused: it was issued by another issuer than the configured authority.",
        SecurityTokenInvalidAudienceException => "The identity provider's token was refused: its audience is not this JobHub.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The identity provider's token was refused: its signature does not verify with the provider's signing keys.",
        SecurityTokenNoExpirationException => "The identity provider's token was refused: it has no expiry (exp).",
        SecurityTokenException => "The identity provider's token was refused: it is not a valid token of the configured provider.",
        ArgumentException => "The identity provider's token was refused: it is not a well-formed JWT.",
        null => "The identity provider's token was refused.",
        _ => "The identity provider's token could not be checked: the provider's discovery document or signing keys could not be read; retry later.",
    };
}
