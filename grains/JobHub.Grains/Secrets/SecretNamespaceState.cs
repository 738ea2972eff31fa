using Orleans;

namespace JobHub.Grains.Secrets;

/// <summary>The persisted state of a secret namespace grain: its secrets by name, values encrypted.</summary>
[GenerateSerializer]
[Alias("jobhub.SecretNamespaceState")]
internal sealed class SecretNamespaceState
{
    [Id(0)]
    public Dictionary<string, StoredSecret> Secrets { get; set; } = new(StringComparer.Ordinal);
}
