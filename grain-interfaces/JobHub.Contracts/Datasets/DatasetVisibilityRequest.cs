namespace JobHub.Contracts.Datasets;

/// <summary>The body of <c>PUT /api/v1/datasets/{owner}/{name}/visibility</c>.</summary>
/// <param name="Visibility"><c>private</c>, <c>public</c> or <c>project</c>.</param>
/// <param name="Project">With <c>project</c>: the project to share it with (the owner must be a member); absent otherwise.</param>
public sealed record DatasetVisibilityRequest(DatasetVisibility Visibility, string? Project = null);
