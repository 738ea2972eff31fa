using JobHub.Grains.Jobs;
using JobHub.Runtime;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api;

/// <summary>Turns domain errors into problem details with the status a client can act on.</summary>
internal sealed class JobExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            JobSpecRejectedException rejected => new ValidationProblemDetails(rejected.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Title = "The job spec was refused.",
                Status = StatusCodes.Status400BadRequest,
            },
            JobNotFoundException => Problem(StatusCodes.Status404NotFound, "No such job.", exception),
            JobAccessDeniedException => Problem(StatusCodes.Status403Forbidden, "Not allowed.", exception),
            JobOperationException => Problem(StatusCodes.Status409Conflict, "The job cannot do that now.", exception),
            ArgumentException => Problem(StatusCodes.Status400BadRequest, "Bad request.", exception),
            GrainCallTimeoutException => Problem(StatusCodes.Status504GatewayTimeout, "The cluster did not answer in time; the outcome is unknown.", exception),
            UnknownOutcomeException => Problem(StatusCodes.Status503ServiceUnavailable, "A silo was lost while handling the request; its outcome is unknown. Read the job before repeating a change.", exception),
            System.Data.Common.DbException => Problem(StatusCodes.Status503ServiceUnavailable, "The job store (job list or state) could not be written or read right now; retry.", exception),
            SiloUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "The cluster cannot serve this request right now (a silo is stopping or was declared dead); retry.", exception),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, Exception exception) =>
        new() { Status = status, Title = title, Detail = exception.Message };
}
