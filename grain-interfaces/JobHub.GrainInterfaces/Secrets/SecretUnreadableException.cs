using Orleans;

namespace JobHub.GrainInterfaces.Secrets;

/// <summary>
/// A stored secret cannot be decrypted: the master key it names is not configured on this silo, or the stored bytes do
/// not match it. An operator's matter (configure the key again, <c>JobHub:Secrets:Keys:{id}</c>); nothing was changed.
/// </summary>
[GenerateSerializer]
[Alias("jobhub.SecretUnreadableException")]
public sealed class SecretUnreadableException : JobHubException
{
    /// <summary>Creates the exception; <paramref name="reason"/> never holds a key or a value.</summary>
    public SecretUnreadableException(string secretNamespace, string name, string reason)
        : base($"The secret '{name}' in {secretNamespace} cannot be decrypted: {reason}.")
    {
        Namespace = secretNamespace;
        Name = name;
        Reason = reason;
    }

    /// <summary>The namespace.</summary>
    [Id(0)]
    public string Namespace { get; }

    /// <summary>The secret's name.</summary>
    [Id(1)]
    public string Name { get; }

    /// <summary>Why, in plain words.</summary>
    [Id(2)]
    public string Reason { get; }
}
