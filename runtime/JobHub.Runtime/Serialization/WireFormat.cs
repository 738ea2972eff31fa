using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using JobHub.Runtime.Copying;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Serialization;

/// <summary>
/// The body of grain calls between silos and clients, in binary. Every body starts with its kind
/// (<see cref="WireBodyKind"/>) and the format <see cref="Version"/>; a body this silo cannot read fails
/// only its own call with <see cref="WireFormatException"/>.
/// <code>
/// request:   kind version | id | target type, key | method key | sender? | µs left | chain | arguments
/// result:    kind version | value
/// exception: kind version | type name | message | stack text | data (JSON, may be empty)
/// </code>
/// Integers are LEB128 varints (signed ones zig-zag), strings length-prefixed UTF-8; values are
/// described in <see cref="WireValues"/>. A request carries the time left rather than a clock reading
/// (silo clocks differ) and names its method by signature (<see cref="MethodKeys"/>).
/// </summary>
internal sealed class WireFormat
{
    public const byte Version = 1;

    private static readonly ConcurrentDictionary<GrainMethod, Action<WireFormat, IResponseSink, ReadOnlyMemory<byte>>> Completers = new();
    private static readonly MethodInfo CompleteTypedMethod = typeof(WireFormat).GetMethod(nameof(CompleteTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;
    /// <summary>Far deeper than any real nesting of grain calls (each link is a caller still waiting); a bound on what a peer can make this silo build.</summary>
    internal const int MaxCallChainLinks = 1_024;

    private static readonly byte[] NotOwnerTypeName = Encoding.UTF8.GetBytes(TypeNames.Of(typeof(NotOwnerException)));
    private static readonly byte[] ClientNotConnectedTypeName = Encoding.UTF8.GetBytes(TypeNames.Of(typeof(ClientNotConnectedException)));

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_body;

    private readonly WireValues _values;

    /// <summary><paramref name="json"/> are the runtime's serializer options; they carry the grain reference converter.</summary>
    public WireFormat(JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var references = json.Converters.OfType<GrainReferenceJsonConverterFactory>().FirstOrDefault()
            ?? throw new ArgumentException("The serializer options have no grain reference converter.", nameof(json));
        _values = new WireValues(json, references.CreateReference);
    }

    public byte[] WriteRequest(Message message, TimeSpan remaining)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = StartBody(WireBodyKind.Request, out var writer);
        writer.VarInt(message.Id);
        WriteGrainId(writer, message.Target);
        writer.LengthPrefixed(MethodKeys.Of(message.Method));
        if (message.Sender is { } sender)
        {
            writer.Byte(1);
            WriteGrainId(writer, sender);
        }
        else
        {
            writer.Byte(0);
        }

        writer.VarUInt((ulong)Math.Max(0, remaining.Ticks / TimeSpan.TicksPerMicrosecond));
        var depth = message.Chain?.Depth ?? 0;
        writer.VarUInt((ulong)depth);
        WriteChain(writer, message.Chain);
        writer.VarUInt((ulong)message.Arguments.Length);
        for (var i = 0; i < message.Arguments.Length; i++)
        {
            _values.Write(writer, message.Arguments[i], message.Method.Parameters[i].ParameterType);
        }

        return Finish(buffer);
    }

    /// <summary>Reads a request; anything wrong with the body (or a value in it) is a <see cref="WireFormatException"/> or <see cref="GrainTypeNotFoundException"/>.</summary>
    public WireRequest ReadRequest(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return ReadRequestBody(payload.Span);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw new WireFormatException($"The request body could not be read: {ex.Message}", ex);
        }
    }

    private WireRequest ReadRequestBody(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        ReadHeader(ref reader, WireBodyKind.Request);
        var id = reader.VarInt();
        var target = ReadGrainId(ref reader);
        var method = MethodKeys.Find(reader.LengthPrefixed());
        GrainId? sender = reader.Byte() switch
        {
            0 => null,
            1 => ReadGrainId(ref reader),
            var other => throw new WireFormatException($"Unknown sender marker {other} in the call body."),
        };
        var remaining = TimeSpan.FromMicroseconds(reader.VarUInt());
        CallChain? chain = null;
        var chainLinks = reader.Count("call chain links");
        if (chainLinks > MaxCallChainLinks)
        {
            throw new WireFormatException($"The call chain has {chainLinks} links; at most {MaxCallChainLinks} are accepted.");
        }

        for (var links = chainLinks; links > 0; links--)
        {
            chain = CallChain.Extend(chain, ReadGrainId(ref reader), reader.VarInt());
        }

        var count = reader.Count("arguments");
        if (count != method.Parameters.Count)
        {
            throw new WireFormatException($"{method.DisplayName} takes {method.Parameters.Count} arguments; the request carried {count}.");
        }

        var arguments = count == 0 ? [] : new object?[count];
        for (var i = 0; i < count; i++)
        {
            arguments[i] = _values.Read(ref reader, method.Parameters[i].ParameterType);
        }

        reader.EnsureEnd();
        return new WireRequest(id, target, method, arguments, sender, chain, remaining);
    }

    public byte[] WriteResult(object? result, Type declaredType)
    {
        var buffer = StartBody(WireBodyKind.Result, out var writer);
        _values.Write(writer, result, declaredType);
        return Finish(buffer);
    }

    public byte[] WriteException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var buffer = StartBody(WireBodyKind.Exception, out var writer);
        WireExceptions.Write(writer, exception, _values.Json);
        return Finish(buffer);
    }

    /// <summary>True when the answer is the refusal of a silo that does not own the target (nothing ran there).</summary>
    public static bool IsNotOwner(ReadOnlySpan<byte> answer) => IsExceptionNamed(answer, NotOwnerTypeName);

    /// <summary>True when the answer is the refusal of a gateway the client is not connected to (nothing ran there).</summary>
    public static bool IsClientNotConnected(ReadOnlySpan<byte> answer) => IsExceptionNamed(answer, ClientNotConnectedTypeName);

    private static bool IsExceptionNamed(ReadOnlySpan<byte> answer, ReadOnlySpan<byte> typeName)
    {
        if (answer.Length < 2 || answer[0] != (byte)WireBodyKind.Exception || answer[1] != Version)
        {
            return false;
        }

        try
        {
            var reader = new WireReader(answer[2..]);
            var prefix = reader.VarUInt();
            return prefix == (ulong)typeName.Length + 1 && reader.Raw(typeName.Length).SequenceEqual(typeName);
        }
        catch (WireFormatException)
        {
            return false;
        }
    }

    /// <summary>Completes a caller's sink from a response body: the typed result, or the rebuilt exception.</summary>
    public void CompleteResponse(GrainMethod method, IResponseSink sink, ReadOnlyMemory<byte> payload)
    {
        var complete = Completers.GetOrAdd(method, static m => CompleteTypedMethod
            .MakeGenericMethod(m.GetType().GetGenericArguments()[0])
            .CreateDelegate<Action<WireFormat, IResponseSink, ReadOnlyMemory<byte>>>());
        complete(this, sink, payload);
    }

    private void CompleteTyped<TResult>(IResponseSink sink, ReadOnlyMemory<byte> payload)
    {
        TResult result;
        try
        {
            var reader = new WireReader(payload.Span);
            if (ReadHeader(ref reader, null) == WireBodyKind.Exception)
            {
                var error = WireExceptions.Read(ref reader, _values.Json);
                reader.EnsureEnd();
                sink.SetException(error);
                return;
            }

            result = (TResult)_values.Read(ref reader, typeof(TResult))!;
            reader.EnsureEnd();
        }
        catch (Exception ex)
        {
            // Whatever a malformed answer makes the readers throw (ArgumentException from a time value, a bad cast, ...),
            // the caller must hear of it now rather than wait out its deadline.
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

    private static ArrayBufferWriter<byte> StartBody(WireBodyKind kind, out WireWriter writer)
    {
        var buffer = t_body ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        writer = new WireWriter(buffer);
        writer.Byte((byte)kind);
        writer.Byte(Version);
        return buffer;
    }

    private static byte[] Finish(ArrayBufferWriter<byte> buffer)
    {
        var body = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            t_body = null; // do not keep a large body's buffer alive on this thread
        }

        return body;
    }

    private static WireBodyKind ReadHeader(ref WireReader reader, WireBodyKind? expected)
    {
        var kind = (WireBodyKind)reader.Byte();
        var version = reader.Byte();
        if (version != Version)
        {
            throw new WireFormatException($"Call body format version {version} is not supported (this silo reads version {Version}).");
        }

        var known = expected is { } only ? kind == only : kind is WireBodyKind.Result or WireBodyKind.Exception;
        return known ? kind : throw new WireFormatException($"Unexpected call body kind {(byte)kind}.");
    }

    private static void WriteGrainId(WireWriter writer, GrainId id)
    {
        writer.String(id.Type);
        writer.String(id.Key);
    }

    private static GrainId ReadGrainId(ref WireReader reader) => new(reader.RequiredString("grain type"), reader.RequiredString("grain key"));

    private static void WriteChain(WireWriter writer, CallChain? chain)
    {
        // Outermost first, so the reader can extend the chain link by link; a loop, as a chain's depth comes
        // from the wire (a recursive walk of a hostile one would overflow the stack and take the silo down).
        if (chain is null)
        {
            return;
        }

        if (chain.Parent is null)
        {
            WriteGrainId(writer, chain.Grain);
            writer.VarInt(chain.RequestId);
            return;
        }

        var links = new CallChain[chain.Depth];
        var i = links.Length;
        for (var link = chain; link is not null && i > 0; link = link.Parent)
        {
            links[--i] = link;
        }

        foreach (var link in links)
        {
            WriteGrainId(writer, link.Grain);
            writer.VarInt(link.RequestId);
        }
    }
}
