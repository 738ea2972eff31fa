namespace JobHub.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <c>IPersistentState&lt;T&gt;</c>: the runtime loads the
/// state named <see cref="StateName"/> from the storage provider <see cref="StorageName"/> before
/// <c>OnActivateAsync</c> runs.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName ?? Storage.GrainStorageNames.Default;
}
