using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Silo.Api;

/// <summary>
/// Who is calling. Until user accounts arrive, the embedded silo has one user (<see cref="JobHubSiloDefaults.LocalUser"/>);
/// a job's own processes may instead present their JOBHUB_JOB_TOKEN as a bearer token, which is
/// checked against that job and grants access to that job only. A bearer token that does not
/// match is refused (401), never silently ignored.
/// </summary>
internal static class CallerIdentity
{
    public static async Task<string?> ForJobAsync(HttpContext context, IGrainFactory grains, string jobId)
    {
        var token = BearerToken(context);
        if (token is null)
        {
            return JobHubSiloDefaults.LocalUser;
        }

        return await grains.GetGrain<IJobGrain>(jobId).VerifyJobToken(token) ? $"job:{jobId}" : null;
    }

    public static string? ForUser(HttpContext context) => BearerToken(context) is null ? JobHubSiloDefaults.LocalUser : null;

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
