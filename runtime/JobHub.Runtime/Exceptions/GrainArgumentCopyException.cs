namespace JobHub.Runtime;

/// <summary>An argument or result could not be copied (serialized) between grains; the message names the type.</summary>
public sealed class GrainArgumentCopyException : JobHubException
{
    public GrainArgumentCopyException(string message, Type valueType, Exception innerException)
        : base(message, innerException)
    {
        ValueType = valueType;
    }

    public Type ValueType { get; }
}
