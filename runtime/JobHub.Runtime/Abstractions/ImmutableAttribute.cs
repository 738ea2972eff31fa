namespace JobHub.Runtime;

/// <summary>
/// Values of this type are never changed after construction, so the runtime passes them between
/// grains without copying. Only mark types that are truly immutable.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class ImmutableAttribute : Attribute
{
}
