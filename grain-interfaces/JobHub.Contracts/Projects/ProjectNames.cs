using JobHub.Contracts.Identity;

namespace JobHub.Contracts.Projects;

/// <summary>What project names may be, and how many projects and member groups there may be.</summary>
public static class ProjectNames
{
    /// <summary>Most member groups of one project.</summary>
    public const int MaxGroups = 100;

    /// <summary>Most projects one user owns.</summary>
    public const int MaxProjectsPerOwner = 100;

    /// <summary>
    /// A project name: the rules of a user name (1–64 lower-case ASCII letters, digits, '-', '_' and '.', starting with a
    /// letter or a digit). Null for a good name, else the problem in plain words.
    /// </summary>
    public static string? NameProblem(string? name) =>
        IdentityNames.UserNameProblem(name)?.Replace("a user name", "a project name", StringComparison.Ordinal);
}
