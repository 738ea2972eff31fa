using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Serialization;

/// <summary>
/// Values in a call body: primitives, strings, Guids, times and byte arrays in binary; grain references
/// as their id; everything else as JSON with the runtime's options (the runtime type is named when it
/// differs from the declared one). On reading, a value must fit the declared type, so a peer cannot make
/// this silo instantiate a type the method does not take.
/// </summary>
internal sealed class WireValues(JsonSerializerOptions json, Func<Type, GrainId, object> createReference)
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_jsonBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_jsonWriter;

    public JsonSerializerOptions Json => json;

    public void Write(WireWriter writer, object? value, Type declaredType)
    {
        if (declaredType == typeof(VoidResult))
        {
            writer.Byte((byte)WireTag.Void);
            return;
        }

        if (value is null)
        {
            writer.Byte((byte)WireTag.Null);
            return;
        }

        if (declaredType.IsInterface && value is IAddressable reference && typeof(IGrain).IsAssignableFrom(declaredType))
        {
            writer.Byte((byte)WireTag.GrainReference);
            writer.String(reference.GrainId.Type);
            writer.String(reference.GrainId.Key);
            return;
        }

        var runtimeType = value.GetType();
        if (runtimeType.IsEnum || !WritePrimitive(writer, value))
        {
            WriteJson(writer, value, runtimeType, declaredType);
        }
    }

    public object? Read(ref WireReader reader, Type declaredType)
    {
        var tag = (WireTag)reader.Byte();
        switch (tag)
        {
            case WireTag.Null:
                return !declaredType.IsValueType || Nullable.GetUnderlyingType(declaredType) is not null
                    ? null
                    : throw new WireFormatException($"A null arrived for a {declaredType.FullName}, which cannot be null.");
            case WireTag.Void:
                return declaredType == typeof(VoidResult) ? default(VoidResult) : throw Misfit("no value", declaredType);
            case WireTag.False:
                return Fit(false, declaredType);
            case WireTag.True:
                return Fit(true, declaredType);
            case WireTag.Int32:
                return Fit(checked((int)reader.VarInt()), declaredType);
            case WireTag.Int64:
                return Fit(reader.VarInt(), declaredType);
            case WireTag.Int16:
                return Fit(checked((short)reader.VarInt()), declaredType);
            case WireTag.Byte:
                return Fit(reader.Byte(), declaredType);
            case WireTag.UInt16:
                return Fit(checked((ushort)reader.VarUInt()), declaredType);
            case WireTag.UInt32:
                return Fit(checked((uint)reader.VarUInt()), declaredType);
            case WireTag.UInt64:
                return Fit(reader.VarUInt(), declaredType);
            case WireTag.Char:
                return Fit(checked((char)reader.VarUInt()), declaredType);
            case WireTag.Double:
                return Fit(BitConverter.Int64BitsToDouble(reader.Int64()), declaredType);
            case WireTag.Single:
                return Fit(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(reader.Raw(4))), declaredType);
            case WireTag.Decimal:
                return Fit(ReadDecimal(reader.Raw(16)), declaredType);
            case WireTag.String:
                return Fit(reader.String() ?? throw new WireFormatException("A string value is missing."), declaredType);
            case WireTag.Guid:
                return Fit(new Guid(reader.Raw(16)), declaredType);
            case WireTag.DateTime:
                return Fit(DateTime.FromBinary(reader.Int64()), declaredType);
            case WireTag.DateTimeOffset:
                var ticks = reader.Int64();
                return Fit(new DateTimeOffset(ticks, TimeSpan.FromMinutes(reader.VarInt())), declaredType);
            case WireTag.TimeSpan:
                return Fit(TimeSpan.FromTicks(reader.Int64()), declaredType);
            case WireTag.Bytes:
                return Fit(reader.LengthPrefixed().ToArray(), declaredType);
            case WireTag.GrainReference:
                var id = new GrainId(reader.RequiredString("grain type"), reader.RequiredString("grain key"));
                return declaredType.IsInterface && typeof(IGrain).IsAssignableFrom(declaredType)
                    ? createReference(declaredType, id)
                    : throw Misfit("a grain reference", declaredType);
            case WireTag.Json:
                return JsonSerializer.Deserialize(reader.LengthPrefixed(), declaredType, json);
            case WireTag.TypedJson:
                var typeName = reader.RequiredString("type name");
                var named = TypeNames.Resolve(typeName) ?? throw new WireFormatException($"Type '{typeName}' is not known on this silo.");
                return declaredType.IsAssignableFrom(named)
                    ? JsonSerializer.Deserialize(reader.LengthPrefixed(), named, json)
                    : throw new WireFormatException($"Type '{named.FullName}' is not a {declaredType.FullName}; refusing to read it.");
            default:
                throw new WireFormatException($"Unknown value tag {(byte)tag} in the call body.");
        }
    }

    private static bool WritePrimitive(WireWriter writer, object value)
    {
        switch (value)
        {
            case string s:
                writer.Byte((byte)WireTag.String);
                writer.String(s);
                return true;
            case int i:
                writer.Byte((byte)WireTag.Int32);
                writer.VarInt(i);
                return true;
            case long l:
                writer.Byte((byte)WireTag.Int64);
                writer.VarInt(l);
                return true;
            case bool b:
                writer.Byte((byte)(b ? WireTag.True : WireTag.False));
                return true;
            case Guid g:
                writer.Byte((byte)WireTag.Guid);
                Span<byte> guid = stackalloc byte[16];
                g.TryWriteBytes(guid);
                writer.Raw(guid);
                return true;
            case double d:
                writer.Byte((byte)WireTag.Double);
                writer.Int64(BitConverter.DoubleToInt64Bits(d));
                return true;
            case float f:
                writer.Byte((byte)WireTag.Single);
                Span<byte> single = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(single, BitConverter.SingleToInt32Bits(f));
                writer.Raw(single);
                return true;
            case decimal m:
                writer.Byte((byte)WireTag.Decimal);
                Span<int> bits = stackalloc int[4];
                decimal.GetBits(m, bits);
                Span<byte> dec = stackalloc byte[16];
                for (var k = 0; k < 4; k++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(dec[(k * 4)..], bits[k]);
                }

                writer.Raw(dec);
                return true;
            case byte u8:
                writer.Byte((byte)WireTag.Byte);
                writer.Byte(u8);
                return true;
            case short i16:
                writer.Byte((byte)WireTag.Int16);
                writer.VarInt(i16);
                return true;
            case ushort u16:
                writer.Byte((byte)WireTag.UInt16);
                writer.VarUInt(u16);
                return true;
            case uint u32:
                writer.Byte((byte)WireTag.UInt32);
                writer.VarUInt(u32);
                return true;
            case ulong u64:
                writer.Byte((byte)WireTag.UInt64);
                writer.VarUInt(u64);
                return true;
            case char c:
                writer.Byte((byte)WireTag.Char);
                writer.VarUInt(c);
                return true;
            case DateTime dt:
                writer.Byte((byte)WireTag.DateTime);
                writer.Int64(dt.ToBinary());
                return true;
            case DateTimeOffset dto:
                writer.Byte((byte)WireTag.DateTimeOffset);
                writer.Int64(dto.Ticks);
                writer.VarInt((long)dto.Offset.TotalMinutes);
                return true;
            case TimeSpan ts:
                writer.Byte((byte)WireTag.TimeSpan);
                writer.Int64(ts.Ticks);
                return true;
            case byte[] bytes:
                writer.Byte((byte)WireTag.Bytes);
                writer.LengthPrefixed(bytes);
                return true;
            default:
                return false;
        }
    }

    private void WriteJson(WireWriter writer, object value, Type runtimeType, Type declaredType)
    {
        var buffer = t_jsonBuffer ??= new ArrayBufferWriter<byte>(256);
        var jsonWriter = t_jsonWriter ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        jsonWriter.Reset(buffer);
        try
        {
            JsonSerializer.Serialize(jsonWriter, value, runtimeType, Json);
            jsonWriter.Flush();
            if (runtimeType == declaredType)
            {
                writer.Byte((byte)WireTag.Json);
            }
            else
            {
                writer.Byte((byte)WireTag.TypedJson);
                writer.String(TypeNames.Of(runtimeType));
            }

            writer.LengthPrefixed(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > 64 * 1024)
            {
                // Do not keep a large value's buffer alive on this thread.
                t_jsonBuffer = null;
                t_jsonWriter = null;
            }
        }
    }

    private static object Fit(object value, Type declaredType)
    {
        var type = value.GetType();
        return declaredType == type || declaredType.IsAssignableFrom(type) || Nullable.GetUnderlyingType(declaredType) == type
            ? value
            : throw Misfit($"a {type.Name}", declaredType);
    }

    private static decimal ReadDecimal(ReadOnlySpan<byte> bytes)
    {
        Span<int> bits = stackalloc int[4];
        for (var k = 0; k < 4; k++)
        {
            bits[k] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(k * 4)..]);
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException ex)
        {
            throw new WireFormatException($"A decimal in the call body is invalid: {ex.Message}");
        }
    }

    private static WireFormatException Misfit(string what, Type declaredType) =>
        new($"The call body holds {what} where a {declaredType.FullName} is expected.");
}
