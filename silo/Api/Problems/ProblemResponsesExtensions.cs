using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Problems;

/// <summary>Declares in the OpenAPI document the problem-details answers an endpoint (or a group of them) may give.</summary>
internal static class ProblemResponsesExtensions
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>
    /// What every API call may answer: 400 with the bad fields, 401 for a bad token, 413 and 415 for a body the API
    /// does not take, 503 and 504 while the cluster cannot answer.
    /// </summary>
    public static TBuilder ProducesCommonProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .ProducesFieldProblem(StatusCodes.Status400BadRequest)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout);

    /// <summary>A body the API reads: 413 when it is too large, 415 when it is not JSON.</summary>
    public static TBuilder ProducesBodyProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesFieldProblem(StatusCodes.Status413PayloadTooLarge).ProducesFieldProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Problem details (<see cref="ProblemDetails"/>) with each of <paramref name="statuses"/>.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        }

        return builder;
    }

    /// <summary>Problem details naming the bad fields (<see cref="HttpValidationProblemDetails"/>) with <paramref name="status"/>.</summary>
    public static TBuilder ProducesFieldProblem<TBuilder>(this TBuilder builder, int status)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(HttpValidationProblemDetails), [ProblemJson]));
}
