using Orleans;

namespace JobHub.GrainInterfaces.Projects;

/// <summary>No project has this name (never created, or deleted).</summary>
[GenerateSerializer]
[Alias("jobhub.ProjectNotFoundException")]
public sealed class ProjectNotFoundException : JobHubException
{
    /// <summary>Creates the exception for <paramref name="projectName"/>.</summary>
    public ProjectNotFoundException(string projectName)
        : base($"There is no project '{projectName}'.")
    {
        ProjectName = projectName;
    }

    /// <summary>The name asked for.</summary>
    [Id(0)]
    public string ProjectName { get; }
}
