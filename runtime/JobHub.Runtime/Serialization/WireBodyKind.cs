namespace JobHub.Runtime.Serialization;

/// <summary>The first byte of a call body; the second is <see cref="WireFormat.Version"/>.</summary>
internal enum WireBodyKind : byte
{
    Request = 1,
    Result = 2,
    Exception = 3,
}
