using Orleans;

namespace JobHub.Grains.Projects;

/// <summary>The persisted state of a project grain; no owner means no project (never created, or deleted).</summary>
[GenerateSerializer]
[Alias("jobhub.ProjectGrainState")]
internal sealed class ProjectGrainState
{
    [Id(0)]
    public string? Owner { get; set; }

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Member groups as <c>{realm}/{name}</c>.</summary>
    [Id(2)]
    public List<string> Groups { get; set; } = [];
}
