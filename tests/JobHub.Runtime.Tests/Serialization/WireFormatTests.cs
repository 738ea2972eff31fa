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
        var method = Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Mixed));
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

    [Fact]
    public async Task Request_UnknownMethod_RefusedClearly()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var json = $$"""{"id":1,"target":"wire/w","iface":"{{TypeNames.Of(typeof(IWireGrain))}}","method":"Gone()","remainingMs":5,"chain":[],"args":[]}""";

        var error = Assert.Throws<GrainTypeNotFoundException>(() => FormatOf(silo).ReadRequest(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("Gone()", error.Message);
    }

    [Fact]
    public async Task Request_ArgumentTypeNotAssignable_Refused()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var method = Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Mixed));
        var json = $$$"""
            {"id":1,"target":"wire/w","iface":"{{{TypeNames.Of(typeof(IWireGrain))}}}","method":"{{{MethodSignatures.Of(method)}}}","remainingMs":5,"chain":[],
             "args":[{"v":1},{"v":null},{"t":"{{{TypeNames.Of(typeof(MutableBag))}}}","v":{}},{"v":[]},{"v":1},{"v":"counter/c"}]}
            """;

        var error = Assert.Throws<System.Text.Json.JsonException>(() => FormatOf(silo).ReadRequest(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("refusing", error.Message);
    }

    [Fact]
    public async Task Response_Result_CompletesTypedSink()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var format = FormatOf(silo);
        var method = Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Mixed));
        var sink = new ResponseCompletion<PingRecord>();

        format.CompleteResponse(method, sink, format.WriteResult(new PingRecord(3, "r"), typeof(PingRecord)));

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
    public async Task Response_KnownException_RebuiltWithTypeAndMessage()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var method = Wire.Methods.Single(m => m.Method.Name == nameof(IWireGrain.Nothing));
        var sink = new ResponseCompletion<VoidResult>();

        FormatOf(silo).CompleteResponse(method, sink, WireFormat.WriteException(new InvalidOperationException("nope")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.Task);
        Assert.Equal("nope", error.Message);
    }

    [Fact]
    public void Exception_OfUnknownType_BecomesRemoteGrainExceptionWithOriginalName()
    {
        var error = WireFormat.RebuildException("Some.Missing.Error, Nowhere", "it broke", "at somewhere");

        var remote = Assert.IsType<RemoteGrainException>(error);
        Assert.Equal("Some.Missing.Error, Nowhere: it broke", remote.Message);
        Assert.Equal("at somewhere", remote.RemoteStackTrace);
    }

    private static WireFormat FormatOf(JobHub.Testing.TestSilo silo) => new(silo.Services.GetRequiredService<RuntimeClient>().Copier.Json);
}
