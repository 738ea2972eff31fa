using JobHub.Contracts.Validation;

namespace JobHub.Silo.Api.Problems;

/// <summary>
/// Gives every problem-details answer a <c>detail</c>, including those ASP.NET Core writes itself (an unknown path,
/// a method a path does not take, a body over the size limit), so no refusal ever says only "Bad Request".
/// </summary>
internal static class ProblemDetailDefaults
{
    public static void FillDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            return;
        }

        var request = context.HttpContext.Request;
        var path = TextRules.Show(request.Path.Value ?? "/");
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status400BadRequest => "The request could not be read; see the API's schema at /openapi/v1.json.",
            StatusCodes.Status401Unauthorized => "The bearer token was not accepted for this request.",
            StatusCodes.Status404NotFound => $"Nothing is served at '{path}'; the API's paths are listed at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"'{path}' does not take {request.Method} requests; see /openapi/v1.json.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is too large: JSON requests may hold at most {JobLimits.MaxJsonBodyBytes} bytes (code bundles: docs/api.md, Limits).",
            StatusCodes.Status415UnsupportedMediaType => "This endpoint does not take a body of this content type; see /openapi/v1.json.",
            _ => problem.Title ?? "The request failed.",
        };
    }
}
