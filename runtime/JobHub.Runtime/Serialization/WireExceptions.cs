using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace JobHub.Runtime.Serialization;

/// <summary>
/// Exceptions in a call body: the original type name, message and stack text, plus the data of a
/// <see cref="PortableExceptionAttribute"/> type as JSON. The caller's silo rebuilds the original type
/// when that is safe (a portable type through its matching constructor, or any exception through a
/// standard <c>(string message, Exception? innerException)</c> constructor) and otherwise raises a
/// <see cref="RemoteGrainException"/>, so a constructor whose string is not a message (a job id, say)
/// is never fed the message.
/// </summary>
internal static class WireExceptions
{
    private static readonly HashSet<string> ExceptionPropertyNames = typeof(Exception).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PortableProperties = new();

    public static void Write(WireWriter writer, Exception exception, JsonSerializerOptions json)
    {
        var (typeName, message, stack) = exception is RemoteGrainException remote
            ? (remote.OriginalTypeName, remote.OriginalMessage, remote.RemoteStackTrace)
            : (TypeNames.Of(exception.GetType()), exception.Message, exception.StackTrace);
        writer.String(typeName);
        writer.String(message);
        writer.String(stack);
        writer.LengthPrefixed(exception is RemoteGrainException ? [] : DataOf(exception, json));
    }

    public static Exception Read(ref WireReader reader, JsonSerializerOptions json)
    {
        var typeName = reader.RequiredString("exception type");
        var message = reader.String() ?? string.Empty;
        var stack = reader.String();
        var data = reader.LengthPrefixed();
        return Rebuild(typeName, message, stack, data, json);
    }

    /// <summary>The exception as the caller sees it: the original type where that is safe, else a <see cref="RemoteGrainException"/>.</summary>
    public static Exception Rebuild(string typeName, string message, string? stack, ReadOnlySpan<byte> data, JsonSerializerOptions json)
    {
        var type = TypeNames.Resolve(typeName);
        Exception? rebuilt = null;
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
        {
            try
            {
                rebuilt = IsPortable(type) ? RebuildPortable(type, message, data, json) : RebuildStandard(type, message);
            }
            catch (Exception ex) when (ex is TargetInvocationException or JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                rebuilt = null; // the generic form below still carries the type name and message
            }
        }

        if (rebuilt is null)
        {
            return new RemoteGrainException(typeName, message, stack);
        }

        if (stack is not null)
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(rebuilt, stack);
        }

        return rebuilt;
    }

    private static bool IsPortable(Type type) => type.IsDefined(typeof(PortableExceptionAttribute), inherit: false);

    private static Exception? RebuildStandard(Type type, string message) =>
        type.GetConstructor([typeof(string), typeof(Exception)]) is { } constructor ? (Exception)constructor.Invoke([message, null]) : null;

    private static Exception? RebuildPortable(Type type, string message, ReadOnlySpan<byte> data, JsonSerializerOptions json)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        if (!data.IsEmpty)
        {
            using var document = JsonDocument.Parse(data.ToArray());
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }
        }

        foreach (var constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            if (TryArguments(constructor.GetParameters(), message, values, json) is { } arguments)
            {
                return (Exception)constructor.Invoke(arguments);
            }
        }

        return null;
    }

    private static object?[]? TryArguments(ParameterInfo[] parameters, string message, Dictionary<string, JsonElement> values, JsonSerializerOptions json)
    {
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (values.TryGetValue(parameter.Name!, out var value))
            {
                arguments[i] = value.Deserialize(parameter.ParameterType, json);
            }
            else if (string.Equals(parameter.Name, "message", StringComparison.OrdinalIgnoreCase) && parameter.ParameterType == typeof(string))
            {
                arguments[i] = message;
            }
            else if (typeof(Exception).IsAssignableFrom(parameter.ParameterType) || parameter.HasDefaultValue)
            {
                arguments[i] = parameter.HasDefaultValue ? parameter.DefaultValue : null;
            }
            else
            {
                return null;
            }
        }

        return arguments;
    }

    private static byte[] DataOf(Exception exception, JsonSerializerOptions json)
    {
        var type = exception.GetType();
        if (!IsPortable(type))
        {
            return [];
        }

        var properties = PortableProperties.GetOrAdd(type, static t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !ExceptionPropertyNames.Contains(p.Name))
            .ToArray());
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            writer.WriteStartObject();
            foreach (var property in properties)
            {
                writer.WritePropertyName(property.Name);
                JsonSerializer.Serialize(writer, property.GetValue(exception), property.PropertyType, json);
            }

            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or TargetInvocationException)
        {
            return []; // the caller rebuilds it from the message alone if a constructor allows, else gets the generic form
        }
    }
}
