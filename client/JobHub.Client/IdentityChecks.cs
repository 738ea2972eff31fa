using JobHub.Contracts.Identity;

namespace JobHub.Client;

/// <summary>
/// The identity API's rules for the values of a call (<see cref="IdentityNames"/>, <see cref="ApiTokenFormat"/>), checked
/// before sending so a bad value fails with <see cref="JobHubValidationException"/> and nothing is sent. Secrets are never echoed.
/// </summary>
internal static class IdentityChecks
{
    private const int TokenIdLength = 64;

    public static string? UserProblem(string? name) => Sentence(IdentityNames.UserNameProblem(name));

    public static string? FeatureProblem(string? feature) => Sentence(IdentityNames.FeatureProblem(feature));

    public static string? GroupProblem(GroupRef? group) => Sentence(IdentityNames.GroupProblem(group));

    public static string? TokenNameProblem(string? name) => Sentence(IdentityNames.TokenNameProblem(name));

    public static string? EmailProblem(string? email) => Sentence(IdentityNames.EmailProblem(email));

    /// <summary>A token id: the 64 lower-case hex characters <c>ListTokensAsync</c> shows (the token's SHA-256), not the token.</summary>
    public static string? TokenIdProblem(string? tokenId) =>
        tokenId is { Length: TokenIdLength } && tokenId.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))
            ? null
            : tokenId is not null && tokenId.StartsWith(ApiTokenFormat.TokenPrefix, StringComparison.Ordinal)
                ? "This is a token, not a token id: give the 64 hex characters the token list shows (the value is not shown)."
                : $"A token id is the {TokenIdLength} lower-case hex characters the token list shows (was '{Contracts.Validation.TextRules.Show(tokenId ?? "null", 40)}').";

    /// <summary>An invitation code's shape; the message never shows the value.</summary>
    public static string? InvitationCodeProblem(string? code) =>
        ApiTokenFormat.IsWellFormedInvitationCode(code)
            ? null
            : $"This is not an invitation code: one is '{ApiTokenFormat.InvitationCodePrefix}' followed by at least {ApiTokenFormat.MinSecretLength} characters of A-Z a-z 0-9 - _ (the value is not shown).";

    /// <summary>The problems of an invitation, by the API's field names (<c>email</c>, <c>userName</c>, <c>groups[i]</c>, <c>features[i]</c>).</summary>
    public static (string Field, string? Problem)[] InvitationProblems(InvitationRequest request)
    {
        var checks = new List<(string, string?)> { ("email", EmailProblem(request.Email)) };
        if (request.UserName is not null)
        {
            checks.Add(("userName", UserProblem(request.UserName)));
        }

        var groups = request.Groups.IsDefault ? [] : request.Groups;
        var features = request.Features.IsDefault ? [] : request.Features;
        checks.AddRange(groups.Select((g, i) => ($"groups[{i}]", GroupProblem(g))));
        checks.AddRange(features.Select((f, i) => ($"features[{i}]", FeatureProblem(f))));
        return [.. checks];
    }

    private static string? Sentence(string? problem) => problem is null ? null : char.ToUpperInvariant(problem[0]) + problem[1..] + ".";
}
