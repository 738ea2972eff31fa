using Orleans;

namespace JobHub.GrainInterfaces.Secrets;

/// <summary>The namespace holds no secret of this name (the caller may use the namespace).</summary>
[GenerateSerializer]
[Alias("jobhub.SecretNotFoundException")]
public sealed class SecretNotFoundException : JobHubException
{
    /// <summary>Creates the exception for <paramref name="name"/> in <paramref name="secretNamespace"/>.</summary>
    public SecretNotFoundException(string secretNamespace, string name)
        : base($"There is no secret '{name}' in {secretNamespace}.")
    {
        Namespace = secretNamespace;
        Name = name;
    }

    /// <summary>The namespace looked in.</summary>
    [Id(0)]
    public string Namespace { get; }

    /// <summary>The name asked for.</summary>
    [Id(1)]
    public string Name { get; }
}
