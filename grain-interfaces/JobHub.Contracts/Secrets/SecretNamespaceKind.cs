namespace JobHub.Contracts.Secrets;

/// <summary>Whose secrets a namespace holds.</summary>
public enum SecretNamespaceKind
{
    /// <summary><c>user:{name}</c>: that user's own; no one else reads them, admins neither.</summary>
    User,

    /// <summary><c>project:{name}</c>: the project's members (owner and member groups) read and write them.</summary>
    Project,

    /// <summary><c>group:{realm}:{name}</c>: the group's members read and write them.</summary>
    Group,
}
