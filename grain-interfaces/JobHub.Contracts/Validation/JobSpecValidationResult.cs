namespace JobHub.Contracts.Validation;

/// <summary>
/// The problems of a job spec, by field (camelCase JSON path, for example <c>distributed.nodes</c>),
/// in the shape <c>TypedResults.ValidationProblem</c> takes.
/// </summary>
public sealed record JobSpecValidationResult(IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>True when there is no problem.</summary>
    public bool IsValid => Errors.Count == 0;
}
