using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api;

/// <summary>
/// The permissions table for one job (docs/identity.md, "Permissions"): its owner — or its own processes, with the job
/// token — may view it, its history, workers, logs and results, and stop or extend it; nobody else may, admins
/// included. To anyone else the job answers 404, as if it did not exist, so job ids do not leak.
/// </summary>
internal static class JobAccess
{
    /// <summary>The job, when the caller may read it; otherwise the refusal (401 without a token, 404 for someone else's job).</summary>
    public static async Task<(JobInfo? Job, ProblemHttpResult? Refusal)> ReadAsync(HttpContext context, IGrainFactory grains, string id)
    {
        if (!IdRules.IsJobId(id))
        {
            return (null, ApiProblems.NoSuchJob(id));
        }

        if (CallerIdentity.ForJob(context, id) is not { } caller)
        {
            return (null, ApiProblems.SignInRequired());
        }

        var job = await grains.GetGrain<IJobGrain>(id).Get();
        return caller == CallerIdentity.JobToken(id) || string.Equals(job.Owner, caller, StringComparison.Ordinal)
            ? (job, null)
            : (null, ApiProblems.NoSuchJob(id));
    }

    /// <summary>
    /// The caller, when they own the job (stop, extend); otherwise the refusal, and whether the job exists and is
    /// someone else's (such attempts are audited).
    /// </summary>
    public static async Task<(string? User, ProblemHttpResult? Refusal, bool SomeoneElses)> OwnerAsync(HttpContext context, IGrainFactory grains, string id)
    {
        if (!IdRules.IsJobId(id))
        {
            return (null, ApiProblems.NoSuchJob(id), false);
        }

        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return (null, ApiProblems.SignInRequired(), false);
        }

        var job = await grains.GetGrain<IJobGrain>(id).Get();
        return string.Equals(job.Owner, user, StringComparison.Ordinal) ? (user, null, false) : (user, ApiProblems.NoSuchJob(id), true);
    }
}
