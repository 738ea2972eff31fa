namespace JobHub.Runtime;

/// <summary>
/// The body of a grain call or answer could not be read: truncated, an unknown tag or format version, or
/// a value whose type does not fit the method. Only that call fails; the connection and the silo go on.
/// </summary>
[PortableException]
public sealed class WireFormatException : JobHubException
{
    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
