using JobHub.Contracts.Identity;
using JobHub.Silo.Hosting.Authentication;

namespace JobHub.Silo.Api;

/// <summary>
/// Who is calling, from the principal the bearer token gave (<see cref="JobHubTokenAuthenticationHandler"/>): a user with
/// an API token, a job's own processes with their JOBHUB_JOB_TOKEN (that job's read endpoints only), or no one — then
/// the caller acts as <see cref="BuiltInUsers.Anon"/>, who may read nothing and change nothing of jobs. A refused token
/// never gets this far (401).
/// </summary>
internal static class CallerIdentity
{
    /// <summary>Who reads job <paramref name="jobId"/>: the token's user, <c>job:{id}</c> for that job's own token; null for no token or another job's token.</summary>
    public static string? ForJob(HttpContext context, string jobId)
    {
        var principal = context.User;
        if (JobHubPrincipal.UserName(principal) is { } user)
        {
            return user;
        }

        return JobHubPrincipal.JobId(principal) is { } job && string.Equals(job, jobId, StringComparison.Ordinal) ? JobToken(jobId) : null;
    }

    /// <summary>Who submits, lists, stops or extends jobs: the token's user; null without an API token (anon, or a job token, which opens only reads).</summary>
    public static string? ForUser(HttpContext context) => JobHubPrincipal.UserName(context.User);

    /// <summary>The acting user of the identity API: the token's user, or <c>anon</c> without one.</summary>
    public static string Actor(HttpContext context) => JobHubPrincipal.UserName(context.User) ?? BuiltInUsers.Anon;

    /// <summary>True when the caller came with an API token.</summary>
    public static bool IsAuthenticated(HttpContext context) => JobHubPrincipal.UserName(context.User) is not null;

    /// <summary>True when the caller's user is in <c>jobhub/admins</c>.</summary>
    public static bool IsAdmin(HttpContext context) => JobHubPrincipal.IsIn(context.User, BuiltInGroups.Admins);

    /// <summary>True when the caller's user has <paramref name="feature"/> (granted to them or to one of their groups).</summary>
    public static bool HasFeature(HttpContext context, string feature) => JobHubPrincipal.HasFeature(context.User, feature);

    /// <summary>The name a job's own token acts under.</summary>
    public static string JobToken(string jobId) => $"job:{jobId}";
}
