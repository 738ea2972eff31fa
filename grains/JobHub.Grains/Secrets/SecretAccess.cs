using JobHub.Contracts.Identity;
using JobHub.Contracts.Secrets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Projects;
using Orleans;

namespace JobHub.Grains.Secrets;

/// <summary>
/// Who may use a secret namespace (read, list, write, delete alike): <c>user:x</c> only x; <c>project:p</c> the members
/// of p (its owner and the members of its groups); <c>group:r:g</c> the members of r/g. The acting user must be regular;
/// <c>anon</c>, staged and disabled users use none. Admins have no special right: they can read other users' secrets
/// only by joining a group or project that holds them, which the audit log shows.
/// </summary>
internal static class SecretAccess
{
    /// <summary>Throws <see cref="IdentityAccessDeniedException"/> (with the rule) unless <paramref name="actor"/> may use <paramref name="ns"/>.</summary>
    public static async Task RequireAsync(IGrainFactory grains, SecretNamespace ns, string actor, string action)
    {
        if (IdentityNames.UserNameProblem(actor) is not null)
        {
            throw new IdentityAccessDeniedException(actor, action, "there is no such user");
        }

        var user = await grains.User(actor).Find();
        if (user is null || user.Name == BuiltInUsers.Anon)
        {
            throw new IdentityAccessDeniedException(actor, action, "only a signed-in user uses secrets; send an API token");
        }

        if (user.Status != UserStatus.Regular)
        {
            throw new IdentityAccessDeniedException(actor, action, "only regular users use secrets");
        }

        var allowed = ns.Kind switch
        {
            SecretNamespaceKind.User => user.Name == ns.Name,
            SecretNamespaceKind.Group => user.IsIn(ns.Group!),
            _ => await grains.Project(ns.Name).IsMember(user.Name),
        };
        if (!allowed)
        {
            throw new IdentityAccessDeniedException(actor, action, Rule(ns));
        }
    }

    private static string Rule(SecretNamespace ns) => ns.Kind switch
    {
        SecretNamespaceKind.User => $"only '{ns.Name}' uses the secrets of {ns} (admins neither)",
        SecretNamespaceKind.Group => $"only members of {ns.Group} use the secrets of {ns}",
        _ => $"only members of project '{ns.Name}' (its owner and the members of its groups) use the secrets of {ns}",
    };
}
