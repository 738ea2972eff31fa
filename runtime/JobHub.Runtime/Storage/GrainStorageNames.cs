namespace JobHub.Runtime.Storage;

/// <summary>
/// Grain storage providers are keyed services (<c>AddKeyedSingleton&lt;IGrainStorage&gt;(name, ...)</c>);
/// a <c>[PersistentState]</c> without a provider name uses <see cref="Default"/>.
/// </summary>
public static class GrainStorageNames
{
    public const string Default = "Default";
}
