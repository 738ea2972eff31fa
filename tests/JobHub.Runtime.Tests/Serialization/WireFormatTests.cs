using System.Buffers;
using System.Text;
using JobHub.Runtime.Core;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Serialization;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests.Serialization;

public sealed class WireFormatTests
{
    private static readonly GrainInterfaceMetadata Wire = GrainInterfaceMetadata.For(typeof(IWireGrain));

    [Fact]
    public async Task Request_RoundTrip_KeepsArgumentsTypesChainAndTimeLeft()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var counter = silo.Grains.GetGrain<ICounterGrain>("c1");
        var chain = CallChain.Extend(CallChain.Extend(null, new GrainId("a", "1"), 10), new GrainId("b", "2"), 11);
        var method = Mixed;
        var message = new Message(42, new GrainId("wire", "w"), method, [7, null, new PingRecord(1, "p"), new List<int> { 1, 2 }, new PingRecord(9, "boxed"), counter], new GrainId("b", "2"), chain, 0, long.MaxValue, null);

        var read = format.ReadRequest(format.WriteRequest(message, TimeSpan.FromSeconds(12)));

        Assert.Equal(42, read.Id);
        Assert.Equal(new GrainId("wire", "w"), read.Target);
        Assert.Same(method, read.Method);
        Assert.Equal(new GrainId("b", "2"), read.Sender);
        Assert.Equal(TimeSpan.FromSeconds(12), read.RemainingTime);
        Assert.Equal([new GrainId("a", "1"), new GrainId("b", "2"), new GrainId("wire", "w")], CallChain.ToList(read.Chain, read.Target));
        Assert.Equal(7, read.Arguments[0]);
        Assert.Null(read.Arguments[1]);
        Assert.Equal(new PingRecord(1, "p"), read.Arguments[2]);
        Assert.Equal([1, 2], (List<int>)read.Arguments[3]!);
        Assert.Equal(new PingRecord(9, "boxed"), read.Arguments[4]); // declared object: the runtime type travelled along
        Assert.Equal(counter, read.Arguments[5]);
        await ((ICounterGrain)read.Arguments[5]!).Increment(); // and it is a live reference on the reading side
    }

    [Fact]
    public async Task Overloads_AreToldApartBySignature()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var byString = Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Overloaded) && m.Parameters[0].ParameterType == typeof(string));

        var read = format.ReadRequest(format.WriteRequest(new Message(1, new GrainId("wire", "w"), byString, ["abc"], null, null, 0, long.MaxValue, null), TimeSpan.FromSeconds(1)));

        Assert.Same(byString, read.Method);
    }

    public static TheoryData<object> Primitives() => new()
    {
        true, false, 0, -1, int.MaxValue, int.MinValue, long.MinValue, long.MaxValue, (byte)200, (short)-300, (ushort)65000, uint.MaxValue, ulong.MaxValue,
        'é', 3.25, double.NaN, -0.5f, 79228162514264337593543950335m, -0.0001m, "", "grüße, 世界", Guid.NewGuid(),
        new DateTime(2026, 11, 21, 7, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified),
        new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.FromHours(5.5)), TimeSpan.FromTicks(-123456789), new byte[] { 0, 1, 255 },
        DayOfWeek.Friday,
    };

    [Theory]
    [MemberData(nameof(Primitives))]
    public async Task Value_RoundTrips_AsItsTypeOrAsObject(object value)
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var values = ValuesOf(silo);

        Assert.Equal(value, RoundTrip(values, value, value.GetType()));
        var boxed = RoundTrip(values, value, typeof(object));
        Assert.Equal(value, boxed);
        Assert.Equal(value.GetType(), boxed!.GetType());
        if (value.GetType().IsValueType)
        {
            Assert.Equal(value, RoundTrip(values, value, typeof(Nullable<>).MakeGenericType(value.GetType())));
        }
    }

    [Fact]
    public async Task Primitives_AreBinary_OtherTypesFallBackToJson()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var values = ValuesOf(silo);

        Assert.Equal([(byte)WireTag.Int32, 0x0E], Encode(values, 7, typeof(int))); // zig-zag varint
        Assert.Equal((byte)WireTag.String, Encode(values, "x", typeof(string))[0]);
        var record = Encode(values, new PingRecord(3, "r"), typeof(PingRecord));
        Assert.Equal((byte)WireTag.Json, record[0]);
        Assert.Contains("\"Sequence\":3", Encoding.UTF8.GetString(record));
        var typed = Encode(values, new PingRecord(3, "r"), typeof(object));
        Assert.Equal((byte)WireTag.TypedJson, typed[0]);
        Assert.Contains(typeof(PingRecord).FullName!, Encoding.UTF8.GetString(typed));
        Assert.Equal(new PingRecord(3, "r"), RoundTrip(values, new PingRecord(3, "r"), typeof(object)));
        Assert.Equal([4, 5], (List<int>)RoundTrip(values, new List<int> { 4, 5 }, typeof(IReadOnlyList<int>))!);
        Assert.Null(RoundTrip(values, null, typeof(PingRecord)));
    }

    [Fact]
    public async Task Request_UnknownMethod_RefusedClearly()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var body = Body(w =>
        {
            w.Byte((byte)WireBodyKind.Request);
            w.Byte(WireFormat.Version);
            w.VarInt(1);
            w.String("wire");
            w.String("w");
            w.LengthPrefixed(Encoding.UTF8.GetBytes($"{TypeNames.Of(typeof(IWireGrain))}|Gone()"));
        });

        var error = Assert.Throws<GrainTypeNotFoundException>(() => FormatOf(silo).ReadRequest(body));

        Assert.Contains("Gone()", error.Message);
    }

    [Fact]
    public async Task Request_ArgumentTypeNotAssignable_Refused()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var valid = format.WriteRequest(new Message(1, new GrainId("wire", "w"), Mixed, [1, null, new PingRecord(1, "p"), new List<int>(), 1, null], null, null, 0, long.MaxValue, null), TimeSpan.FromSeconds(1));
        // Replace the PingRecord argument (plain JSON) with a MutableBag named on the wire.
        var record = Encode(ValuesOf(silo), new PingRecord(1, "p"), typeof(PingRecord));
        var bag = Body(w =>
        {
            w.Byte((byte)WireTag.TypedJson);
            w.String(TypeNames.Of(typeof(MutableBag)));
            w.LengthPrefixed("{}"u8);
        });
        var at = valid.AsSpan().IndexOf(record);
        var forged = valid[..at].Concat(bag).Concat(valid[(at + record.Length)..]).ToArray();

        var error = Assert.Throws<WireFormatException>(() => format.ReadRequest(forged));

        Assert.Contains("refusing", error.Message);
    }

    [Fact]
    public async Task MalformedRequests_FailWithWireFormatException_NeverAnythingElse()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var valid = format.WriteRequest(new Message(1, new GrainId("wire", "w"), Mixed, [1, "t", new PingRecord(1, "p"), new List<int> { 1 }, 2.5, null], null, CallChain.Extend(null, new GrainId("a", "1"), 3), 0, long.MaxValue, null), TimeSpan.FromSeconds(1));

        // Every truncation, a trailing byte, a wrong version, an unknown kind and an unknown value tag.
        var bad = Enumerable.Range(0, valid.Length).Select(n => valid[..n]).ToList();
        bad.Add([.. valid, 0]);
        bad.Add([valid[0], 99, .. valid[2..]]);
        bad.Add([42, .. valid[1..]]);
        var lastArgument = valid.Length - 1; // the null grain reference
        bad.Add([.. valid[..lastArgument], 200]);
        bad.Add([.. valid[..lastArgument], (byte)WireTag.Int32, 1]); // an int where a grain reference is declared

        foreach (var body in bad)
        {
            var error = Record.Exception(() => format.ReadRequest(body));
            Assert.True(error is WireFormatException, $"{body.Length} bytes: expected WireFormatException, got {error?.GetType().Name ?? "no error"}: {error?.Message}");
        }
    }

    [Fact]
    public async Task DeepCallChain_IsWrittenWithoutRecursion_AndRefusedPastTheCapOnReading()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        CallChain? chain = null;
        for (var i = 0; i < 200_000; i++)
        {
            chain = CallChain.Extend(chain, new GrainId("deep", "d"), i);
        }

        // A recursive writer overflowed the stack here (and took the whole process with it).
        var body = format.WriteRequest(new Message(1, new GrainId("wire", "w"), Mixed, [1, "t", new PingRecord(1, "p"), new List<int> { 1 }, 2.5, null], null, chain, 0, long.MaxValue, null), TimeSpan.FromSeconds(1));

        var error = Assert.Throws<WireFormatException>(() => format.ReadRequest(body));
        Assert.Contains($"at most {WireFormat.MaxCallChainLinks}", error.Message);

        CallChain? allowed = null;
        for (var i = 0; i < WireFormat.MaxCallChainLinks; i++)
        {
            allowed = CallChain.Extend(allowed, new GrainId("deep", $"{i}"), i);
        }

        var read = format.ReadRequest(format.WriteRequest(new Message(1, new GrainId("wire", "w"), Mixed, [1, "t", new PingRecord(1, "p"), new List<int> { 1 }, 2.5, null], null, allowed, 0, long.MaxValue, null), TimeSpan.FromSeconds(1)));
        Assert.Equal(CallChain.ToList(allowed, read.Target), CallChain.ToList(read.Chain, read.Target));
    }

    [Fact]
    public async Task MalformedResponse_FailsOnlyThatCall()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var sink = new ResponseCompletion<PingRecord>();
        var valid = format.WriteResult(new PingRecord(3, "r"), typeof(PingRecord));

        format.CompleteResponse(Mixed, sink, valid.AsMemory(0, valid.Length - 2));

        var error = await Assert.ThrowsAsync<GrainArgumentCopyException>(() => sink.Task);
        Assert.IsType<WireFormatException>(error.InnerException);
    }

    [Fact]
    public async Task Response_Result_CompletesTypedSink()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var sink = new ResponseCompletion<PingRecord>();

        format.CompleteResponse(Mixed, sink, format.WriteResult(new PingRecord(3, "r"), typeof(PingRecord)));

        Assert.Equal(new PingRecord(3, "r"), await sink.Task);
    }

    [Fact]
    public async Task Response_VoidMethod_Completes()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var method = Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Nothing));
        var sink = new ResponseCompletion<VoidResult>();

        format.CompleteResponse(method, sink, format.WriteResult(default(VoidResult), typeof(VoidResult)));

        await sink.Task;
    }

    [Fact]
    public async Task Exception_WithStandardConstructor_RebuiltWithTypeMessageAndRemoteStack()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var thrown = Record.Exception(ThrowOnTheRemoteSide)!;

        var error = await Complete(FormatOf(silo), thrown);

        Assert.IsType<InvalidOperationException>(error);
        Assert.Equal("nope", error.Message);
        Assert.Contains(nameof(ThrowOnTheRemoteSide), error.StackTrace); // the remote stack text comes along
    }

    [Fact]
    public async Task Exception_PortableWithData_ArrivesWithItsData()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var problems = new Dictionary<string, string[]> { ["size"] = ["too big"] };

        var error = Assert.IsType<ItemRejectedException>(await Complete(FormatOf(silo), new ItemRejectedException("item-7", 3, problems)));

        Assert.Equal("item-7", error.ItemId);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(["too big"], error.Problems["size"]);
        Assert.Equal("Item 'item-7' was rejected after 3 attempts.", error.Message);
    }

    [Fact]
    public async Task Exception_WhoseStringConstructorIsNotAMessage_BecomesRemoteGrainException()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();

        var error = Assert.IsType<RemoteGrainException>(await Complete(FormatOf(silo), new IdOnlyException("j-1")));

        Assert.Equal(TypeNames.Of(typeof(IdOnlyException)), error.OriginalTypeName);
        Assert.Equal("Nothing has id 'j-1'.", error.OriginalMessage);
    }

    [Fact]
    public async Task Exception_OfUnknownType_BecomesRemoteGrainExceptionWithOriginalName()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var body = format.WriteException(new RemoteGrainException("Some.Missing.Error, Nowhere", "it broke", "at somewhere"));

        var remote = Assert.IsType<RemoteGrainException>(await Complete(format, body));

        Assert.Equal("Some.Missing.Error, Nowhere: it broke", remote.Message);
        Assert.Equal("at somewhere", remote.RemoteStackTrace);
    }

    [Fact]
    public async Task NotOwnerRefusal_IsRecognised()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);

        Assert.True(WireFormat.IsNotOwner(format.WriteException(new NotOwnerException("not mine"))));
        Assert.False(WireFormat.IsNotOwner(format.WriteException(new SiloUnavailableException("stopping"))));
        Assert.False(WireFormat.IsNotOwner(format.WriteResult("JobHub.Runtime.NotOwnerException", typeof(string))));
        Assert.False(WireFormat.IsNotOwner([]));
    }

    private static GrainMethod Mixed => Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Mixed));

    private static WireFormat FormatOf(JobHub.Testing.TestSilo silo) => new(silo.Services.GetRequiredService<RuntimeClient>().Copier.Json);

    private static WireValues ValuesOf(JobHub.Testing.TestSilo silo)
    {
        var client = silo.Services.GetRequiredService<RuntimeClient>();
        return new WireValues(client.Copier.Json, client.CreateReference);
    }

    private static byte[] Body(Action<WireWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new WireWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Encode(WireValues values, object? value, Type declared) => Body(w => values.Write(w, value, declared));

    private static object? RoundTrip(WireValues values, object? value, Type declared)
    {
        var reader = new WireReader(Encode(values, value, declared));
        var read = values.Read(ref reader, declared);
        reader.EnsureEnd();
        return read;
    }

    private static void ThrowOnTheRemoteSide() => throw new InvalidOperationException("nope");

    private static Task<Exception> Complete(WireFormat format, Exception exception) => Complete(format, format.WriteException(exception));

    private static async Task<Exception> Complete(WireFormat format, byte[] body)
    {
        var sink = new ResponseCompletion<VoidResult>();
        format.CompleteResponse(Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Nothing)), sink, body);
        return await Assert.ThrowsAnyAsync<Exception>(() => sink.Task);
    }
}
