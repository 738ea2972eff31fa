using System.Security.Claims;
using JobHub.Contracts.Identity;

namespace JobHub.Silo.Hosting.Authentication;

/// <summary>
/// The principal a request acts as once its bearer token was accepted: a user (an API token; name, status, groups and
/// effective features as claims, read for this request only) or a job's own processes (the job token; that job only).
/// A request without a token has no principal.
/// </summary>
internal static class JobHubPrincipal
{
    /// <summary>The authentication scheme that reads <c>Authorization: Bearer</c>.</summary>
    public const string Scheme = "JobHubToken";

    /// <summary>The identity type of a principal made from an API token.</summary>
    public const string ApiTokenIdentity = "JobHubApiToken";

    /// <summary>The identity type of a principal made from a job token.</summary>
    public const string JobTokenIdentity = "JobHubJobToken";

    /// <summary>A group the user is in, as <c>{realm}/{name}</c>.</summary>
    public const string GroupClaim = ClaimTypes.Role;

    /// <summary>An effective feature of the user.</summary>
    public const string FeatureClaim = "jobhub:feature";

    /// <summary>The id (hex SHA-256) of the API token the request came with; never the token.</summary>
    public const string TokenIdClaim = "jobhub:token-id";

    /// <summary>The job whose token the request came with.</summary>
    public const string JobClaim = "jobhub:job";

    /// <summary>A user acting through an API token.</summary>
    public static ClaimsPrincipal ForUser(UserAccess access, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(access);
        var identity = new ClaimsIdentity(ApiTokenIdentity, ClaimTypes.Name, GroupClaim);
        identity.AddClaim(new Claim(ClaimTypes.Name, access.Name));
        identity.AddClaim(new Claim(TokenIdClaim, tokenId));
        identity.AddClaims(access.Groups.Select(g => new Claim(GroupClaim, g.Key)));
        identity.AddClaims(access.Features.Select(f => new Claim(FeatureClaim, f)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A job's own processes (its job token), for that job's read endpoints.</summary>
    public static ClaimsPrincipal ForJob(string jobId)
    {
        var identity = new ClaimsIdentity(JobTokenIdentity, ClaimTypes.Name, GroupClaim);
        identity.AddClaim(new Claim(ClaimTypes.Name, $"job:{jobId}"));
        identity.AddClaim(new Claim(JobClaim, jobId));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The user name of a caller that came with an accepted API token; null otherwise.</summary>
    public static string? UserName(ClaimsPrincipal principal) =>
        principal.Identities.FirstOrDefault(i => i.AuthenticationType == ApiTokenIdentity)?.Name;

    /// <summary>The job of a caller that came with an accepted job token; null otherwise.</summary>
    public static string? JobId(ClaimsPrincipal principal) =>
        principal.Identities.FirstOrDefault(i => i.AuthenticationType == JobTokenIdentity)?.FindFirst(JobClaim)?.Value;

    /// <summary>True when the caller's API token user has <paramref name="feature"/> (their own or a group's).</summary>
    public static bool HasFeature(ClaimsPrincipal principal, string feature) =>
        principal.Identities.Any(i => i.AuthenticationType == ApiTokenIdentity && i.HasClaim(FeatureClaim, feature));

    /// <summary>The groups (<c>realm/name</c>) of the caller's API token user; none for any other caller.</summary>
    public static IEnumerable<string> GroupKeys(ClaimsPrincipal principal) =>
        principal.Identities.Where(i => i.AuthenticationType == ApiTokenIdentity).SelectMany(i => i.FindAll(GroupClaim)).Select(c => c.Value);

    /// <summary>True when the caller's API token user is in <paramref name="group"/>.</summary>
    public static bool IsIn(ClaimsPrincipal principal, GroupRef group) =>
        principal.Identities.Any(i => i.AuthenticationType == ApiTokenIdentity && i.HasClaim(GroupClaim, group.Key));
}
