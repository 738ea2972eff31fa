using JobHub.Contracts.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Problems;

/// <summary>
/// The refusals the API answers with: RFC 9457 problem details whose <c>errors</c> name each bad field and whose
/// <c>detail</c> says the same in one sentence, so a client that reads only one of them still learns what to fix.
/// </summary>
internal static class ApiProblems
{
    /// <summary>A refusal of one field's value.</summary>
    public static ProblemHttpResult Field(string field, string problem, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(FieldDetails(field, problem, status));

    /// <summary>The problem details of a refusal of one field's value.</summary>
    public static ValidationProblemDetails FieldDetails(string field, string problem, int status = StatusCodes.Status400BadRequest) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [problem] })
        {
            Status = status,
            Title = "The request was refused.",
            Detail = $"{field}: {problem}",
        };

    /// <summary>The problem details of a refusal of several fields' values.</summary>
    public static ValidationProblemDetails FieldsDetails(IReadOnlyDictionary<string, string[]> errors, string title) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        };

    /// <summary>401 for a call that needs a user: without an API token the caller is <c>anon</c>, who may do none of it.</summary>
    public static ProblemHttpResult SignInRequired() =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Sign in first.",
            Detail = "This call needs an API token ('Authorization: Bearer jhp_...'); without one you act as 'anon', who may not do this. "
                + "Run 'jobhub login', or use the admin token file in a local silo's data folder.",
        });

    /// <summary>403 for a call that needs a feature the caller lacks, naming it.</summary>
    public static ProblemHttpResult FeatureRequired(string feature, string what) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "A feature is missing.",
            Detail = $"{what} needs the feature '{feature}', which you do not have; an admin or customer admin can grant it to you or to one of your groups.",
            Extensions = { ["feature"] = feature },
        });

    /// <summary>403 for a call only admins may make.</summary>
    public static ProblemHttpResult AdminsOnly(string what) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Only admins may do this.",
            Detail = $"{what} is for members of jobhub/admins only.",
        });

    /// <summary>404 for a job id that names no job (shortened and escaped: the id is whatever the caller sent).</summary>
    public static ProblemHttpResult NoSuchJob(string id) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No such job.",
            Detail = $"There is no job '{TextRules.Show(id)}'.",
        });
}
