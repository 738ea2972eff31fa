using System.Collections.Immutable;
using JobHub.Contracts.Secrets;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Secrets;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Secrets;

/// <summary>
/// <c>/api/v1/secrets/{namespace}[/{name}]</c>: write, list (never values), read and delete secrets of <c>user:{name}</c>,
/// <c>project:{name}</c> and <c>group:{realm}:{name}</c>; and <c>/api/v1/jobs/{id}/secrets/{name}</c>, which a job's
/// processes call with their JOBHUB_JOB_TOKEN. The rules are the secret grains' (403 with the rule); a malformed namespace,
/// name or value is 400 naming it; answers with a value are never cached.
/// </summary>
public static class SecretsApi
{
    public static RouteGroupBuilder MapSecretsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup("/api/v1/secrets").WithTags("Secrets").ProducesCommonProblems()
            .WithMetadata(new RequestSizeLimitAttribute(JobLimits.MaxJsonBodyBytes));
        api.MapPut("/{namespace}/{name}", SetAsync).WithName("SetSecret")
            .WithSummary("Stores or replaces a secret ({\"value\": \"...\"}, at most 64 KiB); encrypted at rest; the answer never holds the value.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapGet("/{namespace}", ListAsync).WithName("ListSecrets")
            .WithSummary("The secrets of a namespace: names, when and by whom they were written, never values.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("/{namespace}/{name}", GetAsync).WithName("GetSecret").WithSummary("A secret with its value.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapDelete("/{namespace}/{name}", DeleteAsync).WithName("DeleteSecret").WithSummary("Deletes a secret.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        routes.MapGet("/api/v1/jobs/{id}/secrets/{name}", GetForJobAsync).WithTags("Secrets").WithName("GetJobSecret")
            .WithSummary("A secret for a job's own processes (its job token) or its owner: the owner's namespace first, then the job's project's.")
            .ProducesCommonProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<SecretInfo>> SetAsync(string @namespace, string name, SetSecretRequest request, HttpContext context, SecretStore secrets) =>
        TypedResults.Ok(await secrets.SetAsync(CallerIdentity.Actor(context), @namespace, name, request.Value, context.RequestAborted));

    private static async Task<Ok<ImmutableArray<SecretInfo>>> ListAsync(string @namespace, HttpContext context, SecretStore secrets) =>
        TypedResults.Ok(await secrets.ListAsync(CallerIdentity.Actor(context), @namespace));

    private static async Task<Ok<SecretValue>> GetAsync(string @namespace, string name, HttpContext context, SecretStore secrets)
    {
        var value = await secrets.GetAsync(CallerIdentity.Actor(context), @namespace, name);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(value);
    }

    private static async Task<NoContent> DeleteAsync(string @namespace, string name, HttpContext context, SecretStore secrets)
    {
        await secrets.DeleteAsync(CallerIdentity.Actor(context), @namespace, name, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SecretValue>, UnauthorizedHttpResult, ProblemHttpResult>> GetForJobAsync(string id, string name, HttpContext context, IGrainFactory grains, SecretStore secrets)
    {
        if (!IdRules.IsJobId(id))
        {
            return ApiProblems.NoSuchJob(id);
        }

        var jobToken = JobHubPrincipal.JobId(context.User) == id;
        var user = JobHubPrincipal.UserName(context.User);
        if (!jobToken && user is null)
        {
            return TypedResults.Unauthorized();
        }

        var job = await grains.GetGrain<IJobGrain>(id).Get();
        if (!jobToken && user != job.Owner)
        {
            throw new IdentityAccessDeniedException(user!, $"read the secrets of job '{id}'", "only the job's own processes (its job token) and its owner read them");
        }

        var value = await secrets.GetForJobAsync(job, name);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(value);
    }
}
