namespace JobHub.Contracts.Datasets;

/// <summary>The body of <c>PUT /api/v1/datasets/{owner}/{name}/visibility</c>.</summary>
/// <param name="Visibility"><c>private</c> or <c>public</c>.</param>
public sealed record DatasetVisibilityRequest(DatasetVisibility Visibility);
