namespace JobHub.Runtime;

/// <summary>
/// The identity of a grain: its grain type (a durable name, by default the class name without
/// its "Grain" suffix, lower case) and its key. The text form is <c>type/key</c>.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>A hash of the id that is the same in every process, used for placement and reminder ranges.</summary>
    public uint StableHash => StableHashing.Hash32(Type, Key);

    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id: expected 'type/key'.");
        }

        return new GrainId(text[..slash], text[(slash + 1)..]);
    }

    public override string ToString() => $"{Type}/{Key}";
}
