using JobHub.Contracts.Identity;
using JobHub.Silo.Hosting.Authentication;

namespace JobHub.Silo.Api;

/// <summary>
/// Who is calling, from the principal the bearer token gave (<see cref="JobHubTokenAuthenticationHandler"/>): a user with
/// an API token, a job's own processes with their JOBHUB_JOB_TOKEN (that job's read endpoints only), or no one. A refused
/// token never gets this far (401). TRANSITIONAL (docs/identity.md): on the jobs and bundles API a caller without a token
/// still acts as the embedded silo's <see cref="JobHubSiloDefaults.LocalUser"/>; on the identity API they act as
/// <see cref="BuiltInUsers.Anon"/>.
/// </summary>
internal static class CallerIdentity
{
    /// <summary>Who reads job <paramref name="jobId"/>: the token's user, <c>job:{id}</c> for that job's own token, <c>local</c> without a token; null for another job's token.</summary>
    public static string? ForJob(HttpContext context, string jobId)
    {
        var principal = context.User;
        if (JobHubPrincipal.UserName(principal) is { } user)
        {
            return user;
        }

        return JobHubPrincipal.JobId(principal) is { } job
            ? (string.Equals(job, jobId, StringComparison.Ordinal) ? $"job:{jobId}" : null)
            : JobHubSiloDefaults.LocalUser;
    }

    /// <summary>Who submits, lists, stops or extends jobs: the token's user, <c>local</c> without a token; null for a job token (it opens only reads).</summary>
    public static string? ForUser(HttpContext context)
    {
        var principal = context.User;
        return JobHubPrincipal.UserName(principal) is { } user ? user
            : JobHubPrincipal.JobId(principal) is null ? JobHubSiloDefaults.LocalUser
            : null;
    }

    /// <summary>The acting user of the identity API: the token's user, or <c>anon</c> without one.</summary>
    public static string Actor(HttpContext context) => JobHubPrincipal.UserName(context.User) ?? BuiltInUsers.Anon;

    /// <summary>True when the caller came with an API token.</summary>
    public static bool IsAuthenticated(HttpContext context) => JobHubPrincipal.UserName(context.User) is not null;
}
