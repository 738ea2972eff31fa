using System.Text.Json;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Billing;
using JobHub.GrainInterfaces.Datasets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Projects;
using JobHub.GrainInterfaces.Secrets;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Storage;

namespace JobHub.Silo.Api;

/// <summary>Turns domain and cluster errors into problem details with the status a client can act on.</summary>
/// <remarks>
/// A handled exception is not logged by ASP.NET Core, so the answers that speak of the cluster (5xx) are logged here;
/// refusals of the request (4xx) are the caller's to read. Anything not mapped stays a logged 500.
/// </remarks>
internal sealed partial class JobExceptionHandler(IProblemDetailsService problems, ILogger<JobExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Map(exception) is not { } problem)
        {
            return false;
        }

        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogClusterError(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Status.Value, exception);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The problem details for <paramref name="exception"/>, or null when it is not one the API answers with a 4xx or 503/504.</summary>
    internal static ProblemDetails? Map(Exception exception) => exception switch
    {
        // A request the endpoint cannot read: a body that is not the JSON it takes, a query value of the wrong type,
        // a body too large (RouteHandlerOptions.ThrowOnBadRequest is on, so these arrive here instead of an empty 400).
        BadHttpRequestException { InnerException: JsonException json } => RequestBodyProblems.FromJson(json),
        BadHttpRequestException bad => RequestBodyProblems.FromBinding(bad),
        QuotaExceededException quota => Quota(quota),
        JobSpecRejectedException rejected => ApiProblems.FieldsDetails(rejected.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), "The job spec was refused."),
        JobRequestRejectedException rejected => ApiProblems.FieldDetails(rejected.Field, rejected.Message),
        JobNotFoundException missing => Problem(StatusCodes.Status404NotFound, "No such job.", $"There is no job '{TextRules.Show(missing.JobId)}'."),
        JobAccessDeniedException => Problem(StatusCodes.Status403Forbidden, "Not allowed.", exception),
        JobOperationException => Problem(StatusCodes.Status409Conflict, "The job cannot do that now.", exception),

        // Users, groups, features, tokens and invitations: the grains' messages name the field or the rule, never a secret.
        IdentityInputRejectedException rejected => ApiProblems.FieldDetails(rejected.Field, rejected.Problem + "."),
        IdentityAccessDeniedException => Problem(StatusCodes.Status403Forbidden, "Not allowed.", exception),
        UserNotFoundException missing => Problem(StatusCodes.Status404NotFound, "No such user.", $"There is no user '{TextRules.Show(missing.UserName)}'."),
        ApiTokenNotFoundException => Problem(StatusCodes.Status404NotFound, "No such token.", exception),
        IdentityConflictException => Problem(StatusCodes.Status409Conflict, "Not possible.", exception),
        InvitationRefusedException refused => Invitation(refused),

        // Projects and secrets (issue 10): names are the caller's own input; a value or key is never in a message.
        ProjectNotFoundException missing => Problem(StatusCodes.Status404NotFound, "No such project.", $"There is no project '{TextRules.Show(missing.ProjectName)}'."),
        SecretNotFoundException missing => Problem(StatusCodes.Status404NotFound, "No such secret.", $"There is no secret '{TextRules.Show(missing.Name)}' in {TextRules.Show(missing.Namespace)}."),
        SecretUnreadableException => Problem(StatusCodes.Status503ServiceUnavailable, "The secret cannot be decrypted on this silo.", exception),
        // Datasets: a private dataset of another user answers exactly as one that does not exist.
        DatasetNotFoundException missing => ApiProblems.FieldDetails(missing.Field, $"There is no dataset '{TextRules.Show(missing.Dataset, 200)}' you can read.", StatusCodes.Status404NotFound),
        DatasetAccessDeniedException => Problem(StatusCodes.Status403Forbidden, "Not allowed.", exception),
        DatasetQuotaExceededException => ApiProblems.FieldDetails("content", exception.Message, StatusCodes.Status413PayloadTooLarge),

        // Orleans answers a call whose response did not come in time with a TimeoutException: it may still have run.
        TimeoutException => Problem(StatusCodes.Status504GatewayTimeout, "The cluster did not answer in time; the outcome is unknown. Read the job before repeating a change.", exception),
        SiloUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "A silo was lost while handling the request; its outcome is unknown. Read the job before repeating a change.", exception),
        InconsistentStateException => Problem(StatusCodes.Status503ServiceUnavailable, "The job's state changed under the request (its grain was briefly active twice while the cluster changed); retry.", exception),
        OrleansMessageRejectionException => Problem(StatusCodes.Status503ServiceUnavailable, "The cluster cannot serve this request right now (a silo is stopping or was declared dead); retry.", exception),
        // Not the database's own message: it names the server, the database and the user.
        System.Data.Common.DbException => Problem(StatusCodes.Status503ServiceUnavailable, "The job store is unavailable.", "The job store (job list or state) could not be written or read right now; retry."),
        _ => null,
    };

    /// <summary>403 with the figures: the account, its limit, what it spent and holds reserved, and the refused job's estimate.</summary>
    private static ProblemDetails Quota(QuotaExceededException quota)
    {
        var problem = Problem(StatusCodes.Status403Forbidden, "Spending quota exceeded.", quota);
        problem.Extensions["account"] = quota.Account;
        problem.Extensions["limit"] = quota.Limit;
        problem.Extensions["spent"] = quota.Spent;
        problem.Extensions["reserved"] = quota.Reserved;
        problem.Extensions["estimate"] = quota.Estimate;
        problem.Extensions["currency"] = quota.Currency;
        return problem;
    }

    /// <summary>An unknown code is 404, a malformed one 400; one that was used, expired or replaced is gone for good (410).</summary>
    private static ProblemDetails Invitation(InvitationRefusedException refused) =>
        refused.Reason.Contains("unknown", StringComparison.Ordinal) ? Problem(StatusCodes.Status404NotFound, "No such invitation.", refused)
        : refused.Reason.Contains("malformed", StringComparison.Ordinal) ? ApiProblems.FieldDetails("code", refused.Message)
        : Problem(StatusCodes.Status410Gone, "The invitation can no longer be redeemed.", refused);

    private static ProblemDetails Problem(int status, string title, Exception exception) => Problem(status, title, exception.Message);

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status}: the cluster could not serve it")]
    private static partial void LogClusterError(ILogger logger, string method, string path, int status, Exception exception);
}
