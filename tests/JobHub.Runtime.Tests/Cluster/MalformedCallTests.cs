using JobHub.Runtime.Core;
using JobHub.Runtime.Hosting;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Networking;
using JobHub.Runtime.Serialization;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Tests.Cluster;

[Collection(SerialCollection.Name)]
public sealed class MalformedCallTests
{
    [Fact]
    public async Task MalformedCallBodies_FailOnlyTheirOwnCall_TheSiloAndTheConnectionGoOn()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var silo = cluster.Silos[0];
        var address = silo.Services.GetRequiredService<LocalSiloDetails>().Address;
        var clusterId = silo.Services.GetRequiredService<IOptions<NetworkingOptions>>().Value.ClusterId;
        var format = silo.Services.GetRequiredService<WireFormat>();
        var increment = GrainInterfaceMetadata.For(typeof(ICounterGrain)).Methods.Single(m => m.Method.Name == nameof(ICounterGrain.Increment));
        var valid = format.WriteRequest(new Message(1, new GrainId("counter", "m1"), increment, [], null, null, 0, long.MaxValue, null), TimeSpan.FromSeconds(20));
        await using var transport = new TransportHarness();
        var peer = transport.CreateManager(TransportHarness.Options(o => o.ClusterId = clusterId));
        var connection = default(Connection);

        byte[][] malformed = [[], [0xFF, 0x00, 0x13], [1, 1], [1, 99, .. valid[2..]], valid[..^3], [.. valid, 7], [(byte)WireBodyKind.Result, WireFormat.Version, (byte)WireTag.Int32, 2]];
        for (var i = 0; i < malformed.Length; i++)
        {
            var answer = await peer.SendRequestAsync(address, malformed[i], TransportHarness.Soon());

            var sink = new ResponseCompletion<int>();
            format.CompleteResponse(increment, sink, answer);
            var error = await Assert.ThrowsAnyAsync<JobHubException>(() => sink.Task);
            Assert.True(error is WireFormatException, $"body {i}: expected a WireFormatException, got {error.GetType().Name}: {error.Message}");
            connection ??= peer.CurrentConnection(address);
            Assert.Same(connection, peer.CurrentConnection(address)); // the same connection serves on
        }

        // A good call on the same connection still runs, and the silo still serves its own callers.
        var good = new ResponseCompletion<int>();
        format.CompleteResponse(increment, good, await peer.SendRequestAsync(address, valid, TransportHarness.Soon()));
        Assert.Equal(1, await good.Task);
        Assert.Equal(2, await silo.Grains.GetGrain<ICounterGrain>("m1").Increment());
    }
}
