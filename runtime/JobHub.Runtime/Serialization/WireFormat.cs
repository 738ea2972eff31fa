using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Serialization;

/// <summary>
/// The body of grain calls between silos and clients: UTF-8 JSON written with the runtime's serializer
/// options (grain references travel as ids). A request names the interface and method by signature,
/// carries the time left rather than a clock reading (silo clocks differ), and notes an argument's
/// runtime type only when it differs from the declared one. A type named on the wire must be
/// assignable to the declared type, so a peer cannot make this silo instantiate arbitrary types.
/// </summary>
internal sealed class WireFormat(JsonSerializerOptions json)
{
    private static readonly ConcurrentDictionary<Type, Action<WireFormat, IResponseSink, ReadOnlyMemory<byte>>> Completers = new();
    private static readonly MethodInfo CompleteTypedMethod = typeof(WireFormat).GetMethod(nameof(CompleteTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    public byte[] WriteRequest(Message message, TimeSpan remaining)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", message.Id);
            writer.WriteString("target", message.Target.ToString());
            writer.WriteString("iface", TypeNames.Of(message.Method.Interface.InterfaceType));
            writer.WriteString("method", MethodSignatures.Of(message.Method));
            if (message.Sender is { } sender)
            {
                writer.WriteString("sender", sender.ToString());
            }

            writer.WriteNumber("remainingMs", Math.Max(0, remaining.TotalMilliseconds));
            writer.WriteStartArray("chain");
            foreach (var link in Links(message.Chain))
            {
                writer.WriteStartArray();
                writer.WriteStringValue(link.Grain.ToString());
                writer.WriteNumberValue(link.RequestId);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("args");
            for (var i = 0; i < message.Arguments.Length; i++)
            {
                WriteValue(writer, message.Arguments[i], message.Method.Parameters[i].ParameterType);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public WireRequest ReadRequest(ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var interfaceName = root.GetProperty("iface").GetString()!;
        var interfaceType = TypeNames.Resolve(interfaceName)
            ?? throw new GrainTypeNotFoundException($"Grain interface '{interfaceName}' is not known on this silo.");
        var metadata = GrainInterfaceMetadata.For(interfaceType);
        var signature = root.GetProperty("method").GetString()!;
        var method = MethodSignatures.Find(metadata, signature)
            ?? throw new GrainTypeNotFoundException($"Grain method '{signature}' is not known on this silo (different versions of {interfaceType.Name}?).");
        var args = root.GetProperty("args");
        if (args.GetArrayLength() != method.Parameters.Count)
        {
            throw new JsonException($"{method.DisplayName} takes {method.Parameters.Count} arguments; the request carried {args.GetArrayLength()}.");
        }

        var arguments = new object?[method.Parameters.Count];
        var index = 0;
        foreach (var arg in args.EnumerateArray())
        {
            arguments[index] = ReadValue(arg, method.Parameters[index].ParameterType);
            index++;
        }

        CallChain? chain = null;
        foreach (var link in root.GetProperty("chain").EnumerateArray())
        {
            chain = CallChain.Extend(chain, GrainId.Parse(link[0].GetString()!), link[1].GetInt64());
        }

        return new WireRequest(
            root.GetProperty("id").GetInt64(),
            GrainId.Parse(root.GetProperty("target").GetString()!),
            method,
            arguments,
            root.TryGetProperty("sender", out var sender) ? GrainId.Parse(sender.GetString()!) : null,
            chain,
            TimeSpan.FromMilliseconds(root.GetProperty("remainingMs").GetDouble()));
    }

    public byte[] WriteResult(object? result, Type declaredType)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", true);
            writer.WritePropertyName("result");
            WriteValue(writer, result, declaredType);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] WriteException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var (typeName, message) = exception is RemoteGrainException remote
            ? (remote.OriginalTypeName, remote.OriginalMessage)
            : (TypeNames.Of(exception.GetType()), exception.Message);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", false);
            writer.WriteStartObject("exception");
            writer.WriteString("type", typeName);
            writer.WriteString("message", message);
            writer.WriteString("stack", exception.StackTrace);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Completes a caller's sink from a response body: the typed result, or the rebuilt exception.</summary>
    public void CompleteResponse(GrainMethod method, IResponseSink sink, ReadOnlyMemory<byte> payload)
    {
        var resultType = method.GetType().GetGenericArguments()[0];
        var complete = Completers.GetOrAdd(resultType, static t =>
            CompleteTypedMethod.MakeGenericMethod(t).CreateDelegate<Action<WireFormat, IResponseSink, ReadOnlyMemory<byte>>>());
        complete(this, sink, payload);
    }

    /// <summary>Rebuilds the original exception type when it has a (string message) constructor; otherwise a <see cref="RemoteGrainException"/>.</summary>
    public static Exception RebuildException(string typeName, string message, string? stack)
    {
        var type = TypeNames.Resolve(typeName);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && type.GetConstructor([typeof(string)]) is { } constructor)
        {
            try
            {
                var rebuilt = (Exception)constructor.Invoke([message]);
                rebuilt.Data["RemoteStackTrace"] = stack;
                return rebuilt;
            }
            catch (TargetInvocationException)
            {
                // fall through to the generic form
            }
        }

        return new RemoteGrainException(typeName, message, stack);
    }

    private static IEnumerable<CallChain> Links(CallChain? chain)
    {
        var links = new List<CallChain>();
        for (var link = chain; link is not null; link = link.Parent)
        {
            links.Add(link);
        }

        links.Reverse();
        return links;
    }

    private void CompleteTyped<TResult>(IResponseSink sink, ReadOnlyMemory<byte> payload)
    {
        TResult result;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (!root.GetProperty("ok").GetBoolean())
            {
                var error = root.GetProperty("exception");
                sink.SetException(RebuildException(
                    error.GetProperty("type").GetString()!,
                    error.GetProperty("message").GetString()!,
                    error.TryGetProperty("stack", out var stack) ? stack.GetString() : null));
                return;
            }

            result = (TResult)ReadValue(root.GetProperty("result"), typeof(TResult))!;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or KeyNotFoundException)
        {
            sink.SetException(new GrainArgumentCopyException($"The response could not be read as {typeof(TResult).FullName}: {ex.Message}", typeof(TResult), ex));
            return;
        }

        if (sink is IResponseSink<TResult> typed)
        {
            typed.SetResult(result);
        }
        else
        {
            sink.SetBoxedResult(result);
        }
    }

    private void WriteValue(Utf8JsonWriter writer, object? value, Type declaredType)
    {
        writer.WriteStartObject();
        if (value is not null)
        {
            var runtimeType = value.GetType();
            if (runtimeType != declaredType && !IsGrainReference(declaredType, value) && declaredType != typeof(VoidResult))
            {
                writer.WriteString("t", TypeNames.Of(runtimeType));
            }

            writer.WritePropertyName("v");
            JsonSerializer.Serialize(writer, value, IsGrainReference(declaredType, value) ? declaredType : runtimeType, json);
        }

        writer.WriteEndObject();
    }

    private object? ReadValue(JsonElement wrapper, Type declaredType)
    {
        if (!wrapper.TryGetProperty("v", out var value))
        {
            return declaredType.IsValueType ? Activator.CreateInstance(declaredType) : null;
        }

        var type = declaredType;
        if (wrapper.TryGetProperty("t", out var typeName))
        {
            var named = TypeNames.Resolve(typeName.GetString()!)
                ?? throw new JsonException($"Type '{typeName.GetString()}' is not known on this silo.");
            type = declaredType.IsAssignableFrom(named)
                ? named
                : throw new JsonException($"Type '{named.FullName}' is not a {declaredType.FullName}; refusing to read it.");
        }

        return value.Deserialize(type, json);
    }

    private static bool IsGrainReference(Type declaredType, object value) =>
        declaredType.IsInterface && typeof(IGrain).IsAssignableFrom(declaredType) && value is IAddressable;
}
