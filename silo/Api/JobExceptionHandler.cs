using System.Text.Json;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Storage;

namespace JobHub.Silo.Api;

/// <summary>Turns domain and cluster errors into problem details with the status a client can act on.</summary>
internal sealed class JobExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Map(exception) is not { } problem)
        {
            return false;
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
        JobSpecRejectedException rejected => ApiProblems.FieldsDetails(rejected.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), "The job spec was refused."),
        JobRequestRejectedException rejected => ApiProblems.FieldDetails(rejected.Field, rejected.Message),
        JobNotFoundException missing => Problem(StatusCodes.Status404NotFound, "No such job.", $"There is no job '{TextRules.ForTerminal(TextRules.Shorten(missing.JobId))}'."),
        JobAccessDeniedException => Problem(StatusCodes.Status403Forbidden, "Not allowed.", exception),
        JobOperationException => Problem(StatusCodes.Status409Conflict, "The job cannot do that now.", exception),

        // A last line of defence: values are checked before they reach code that throws these, so this is a bug
        // (logged by the exception handler) that still answers 400 with its field rather than 500.
        ArgumentException argument => ApiProblems.FieldDetails(argument.ParamName ?? "request", WithoutParameterName(argument)),

        // Orleans answers a call whose response did not come in time with a TimeoutException: it may still have run.
        TimeoutException => Problem(StatusCodes.Status504GatewayTimeout, "The cluster did not answer in time; the outcome is unknown. Read the job before repeating a change.", exception),
        SiloUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "A silo was lost while handling the request; its outcome is unknown. Read the job before repeating a change.", exception),
        InconsistentStateException => Problem(StatusCodes.Status503ServiceUnavailable, "The job's state changed under the request (its grain was briefly active twice while the cluster changed); retry.", exception),
        OrleansMessageRejectionException => Problem(StatusCodes.Status503ServiceUnavailable, "The cluster cannot serve this request right now (a silo is stopping or was declared dead); retry.", exception),
        System.Data.Common.DbException => Problem(StatusCodes.Status503ServiceUnavailable, "The job store (job list or state) could not be written or read right now; retry.", exception),
        _ => null,
    };

    private static string WithoutParameterName(ArgumentException argument) =>
        argument.ParamName is { } name && argument.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? argument.Message[..^$" (Parameter '{name}')".Length]
            : argument.Message;

    private static ProblemDetails Problem(int status, string title, Exception exception) => Problem(status, title, exception.Message);

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
