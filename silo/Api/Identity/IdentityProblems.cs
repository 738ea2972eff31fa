using JobHub.Contracts.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Identity;

/// <summary>The refusals the identity API gives before any grain is asked (values in the URL that can name nothing).</summary>
internal static class IdentityProblems
{
    /// <summary>404 for a user name that names no user (shortened and escaped: it is whatever the caller sent).</summary>
    public static ProblemHttpResult NoSuchUser(string name) =>
        NotFound("No such user.", $"There is no user '{TextRules.Show(name)}' (user names are 1-64 lower-case letters, digits, '-', '_' and '.').");

    /// <summary>404 for a realm and name that make no group.</summary>
    public static ProblemHttpResult NoSuchGroup(string realm, string name, string problem) =>
        NotFound("No such group.", $"There is no group '{TextRules.Show(realm)}/{TextRules.Show(name)}': {problem}.");

    /// <summary>404 for a token id that is no token id (64 lower-case hex characters).</summary>
    public static ProblemHttpResult NoSuchToken(string id) =>
        NotFound("No such token.", $"There is no token '{TextRules.Show(id)}' (a token id is the 64 hex characters listed by GET /api/v1/tokens).");

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = title, Detail = detail });
}
