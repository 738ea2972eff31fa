using Orleans;

namespace JobHub.GrainInterfaces.Projects;

/// <summary>The project grains by their keys: <c>grains.Project("ml")</c>, <c>grains.ProjectDirectory()</c>.</summary>
public static class ProjectGrainKeys
{
    /// <summary>The key of the one project directory.</summary>
    public const string Default = "default";

    /// <summary>The grain of project <paramref name="name"/>.</summary>
    public static IProjectGrain Project(this IGrainFactory grains, string name)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IProjectGrain>(name);
    }

    /// <summary>The project directory.</summary>
    public static IProjectDirectoryGrain ProjectDirectory(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IProjectDirectoryGrain>(Default);
    }
}
