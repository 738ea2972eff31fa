using System.Text.Json;

namespace JobHub.Runtime.Copying;

/// <summary>
/// Copies arguments and results between activations so that no two grains share a mutable object.
/// Immutable values pass as they are; others make a round trip through System.Text.Json (the same
/// form they take on the wire between silos), which also proves they can cross the network.
/// </summary>
internal sealed class ValueCopier(JsonSerializerOptions json)
{
    public JsonSerializerOptions Json { get; } = json;

    public T Copy<T>(T value, Func<string> describe)
    {
        if (value is null)
        {
            return value;
        }

        var type = value.GetType();
        if (ImmutableTypes.IsImmutable(type))
        {
            return value;
        }

        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type, Json);
            return (T)JsonSerializer.Deserialize(bytes, type, Json)!;
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new GrainArgumentCopyException(
                $"{describe()} has type {type.FullName}, which cannot be copied between grains: {ex.Message} " +
                "Make it serializable with System.Text.Json, or mark it [Immutable] if it never changes after construction.",
                type,
                ex);
        }
    }
}
