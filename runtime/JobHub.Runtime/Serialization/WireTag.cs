namespace JobHub.Runtime.Serialization;

/// <summary>
/// The first byte of each value in a call body. Primitive tags carry their own type, so an argument
/// declared <c>object</c> still comes back as the same type; anything else is JSON.
/// </summary>
internal enum WireTag : byte
{
    Null = 0,
    False = 1,
    True = 2,
    Int32 = 3,
    Int64 = 4,
    Double = 5,
    String = 6,
    Guid = 7,
    GrainReference = 8,
    Json = 9,
    TypedJson = 10,
    Byte = 11,
    Int16 = 12,
    UInt16 = 13,
    UInt32 = 14,
    UInt64 = 15,
    Single = 16,
    Decimal = 17,
    Char = 18,
    DateTime = 19,
    DateTimeOffset = 20,
    TimeSpan = 21,
    Bytes = 22,
    Void = 23,
}
