using JobHub.Contracts.Secrets;
using Orleans;

namespace JobHub.GrainInterfaces.Secrets;

/// <summary>The secret namespace grains by their keys: <c>grains.Secrets(SecretNamespace.User("alice"))</c>.</summary>
public static class SecretGrainKeys
{
    /// <summary>The grain of <paramref name="secretNamespace"/> (key: the namespace as written).</summary>
    public static ISecretNamespaceGrain Secrets(this IGrainFactory grains, SecretNamespace secretNamespace)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(secretNamespace);
        return grains.GetGrain<ISecretNamespaceGrain>(secretNamespace.Key);
    }
}
