using JobHub.Contracts.Jobs;
using System.Text.Json;
using JobHub.GrainInterfaces.Jobs;
using Orleans.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

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
        // A request body that is not the JSON the endpoint reads (RouteHandlerOptions.ThrowOnBadRequest is on, so
        // the binding failure arrives here instead of an empty 400).
        BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json),
        BadHttpRequestException bad => Problem(bad.StatusCode, "Bad request.", bad),
        JobSpecRejectedException rejected => new ValidationProblemDetails(rejected.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal))
        {
            Title = "The job spec was refused.",
            Status = StatusCodes.Status400BadRequest,
        },
        JobNotFoundException => Problem(StatusCodes.Status404NotFound, "No such job.", exception),
        JobAccessDeniedException => Problem(StatusCodes.Status403Forbidden, "Not allowed.", exception),
        JobOperationException => Problem(StatusCodes.Status409Conflict, "The job cannot do that now.", exception),
        ArgumentException => Problem(StatusCodes.Status400BadRequest, "Bad request.", exception),

        // Orleans answers a call whose response did not come in time with a TimeoutException: it may still have run.
        TimeoutException => Problem(StatusCodes.Status504GatewayTimeout, "The cluster did not answer in time; the outcome is unknown. Read the job before repeating a change.", exception),
        SiloUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "A silo was lost while handling the request; its outcome is unknown. Read the job before repeating a change.", exception),
        InconsistentStateException => Problem(StatusCodes.Status503ServiceUnavailable, "The job's state changed under the request (its grain was briefly active twice while the cluster changed); retry.", exception),
        OrleansMessageRejectionException => Problem(StatusCodes.Status503ServiceUnavailable, "The cluster cannot serve this request right now (a silo is stopping or was declared dead); retry.", exception),
        System.Data.Common.DbException => Problem(StatusCodes.Status503ServiceUnavailable, "The job store (job list or state) could not be written or read right now; retry.", exception),
        _ => null,
    };

    /// <summary>The field the JSON path names (<c>$.distributed.nodes</c> → <c>distributed.nodes</c>; the body itself → <c>body</c>).</summary>
    private static ValidationProblemDetails JsonProblem(JsonException json)
    {
        var field = json.Path is { Length: > 2 } path ? path[2..] : "body";
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : string.Empty;
        var message = json.Path is { Length: > 2 }
            ? $"This value could not be read{where}: it has the wrong type, or the JSON is malformed or cut off here (the API's schema: /openapi/v1.json)."
            : $"The request body is not valid JSON of the expected shape{where}.";
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Title = "The request body could not be read.",
            Status = StatusCodes.Status400BadRequest,
        };
    }

    private static ProblemDetails Problem(int status, string title, Exception exception) =>
        new() { Status = status, Title = title, Detail = exception.Message };
}
