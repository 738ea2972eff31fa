using JobHub.Contracts.Identity;

namespace JobHub.Contracts.Secrets;

/// <summary>
/// A parsed secret namespace: <c>user:alice</c>, <c>project:ml</c>, <c>group:site:physics</c>, <c>group:jobhub:admins</c>
/// (<see cref="SecretNames.ParseNamespace"/>). <see cref="Name"/> is the user or project name; <see cref="Group"/> the group.
/// </summary>
public sealed record SecretNamespace(SecretNamespaceKind Kind, string Name, GroupRef? Group)
{
    /// <summary>The namespace as written: its grain key and the first segment of its URL.</summary>
    public string Key => Kind switch
    {
        SecretNamespaceKind.User => $"user:{Name}",
        SecretNamespaceKind.Project => $"project:{Name}",
        _ => $"group:{Group!.Realm}:{Group.Name}",
    };

    /// <summary>The namespace of user <paramref name="name"/>.</summary>
    public static SecretNamespace User(string name) => new(SecretNamespaceKind.User, name, null);

    /// <summary>The namespace of project <paramref name="name"/>.</summary>
    public static SecretNamespace Project(string name) => new(SecretNamespaceKind.Project, name, null);

    /// <summary>The namespace of <paramref name="group"/>.</summary>
    public static SecretNamespace OfGroup(GroupRef group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new(SecretNamespaceKind.Group, group.Key, group);
    }

    /// <inheritdoc />
    public override string ToString() => Key;
}
