using JobHub.Runtime.Cluster;
using JobHub.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests.Cluster;

/// <summary>Rule 4 across silos: an exception in a grain reaches the caller with its type name and message; the activation survives it.</summary>
[Collection(SerialCollection.Name)]
public sealed class ClusterExceptionTests
{
    [Fact]
    public async Task ExceptionsFromAnotherSilo_KeepTypeMessageAndData_AndTheActivationSurvives()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (caller, owner) = (cluster.Silos[0], cluster.Silos[1]);
        var key = Enumerable.Range(0, 1000).Select(i => $"f{i}").First(k => owner.Services.GetRequiredService<ClusterMessageRouter>().Owns(new GrainId("failing", k)));
        var grain = caller.Grains.GetGrain<IFailingGrain>(key);

        // A portable domain exception: same type, same data.
        var rejected = await Assert.ThrowsAsync<ItemRejectedException>(() => grain.RejectItem("item-9", 4));
        Assert.Equal("item-9", rejected.ItemId);
        Assert.Equal(4, rejected.Attempts);
        Assert.Equal(["too big", "wrong shape"], rejected.Problems["item"]);
        Assert.Equal("Item 'item-9' was rejected after 4 attempts.", rejected.Message);
        Assert.Contains(nameof(FailingGrain.RejectItem), rejected.StackTrace); // the remote stack text

        // A standard exception: rebuilt through its (message, inner) constructor.
        var argument = await Assert.ThrowsAsync<ArgumentException>(() => grain.FailWithArgument("bad input"));
        Assert.Equal("bad input", argument.Message);

        // Not portable, and its string constructor takes an id: the caller gets the type name and message, never a wrongly built IdOnlyException.
        var remote = await Assert.ThrowsAsync<RemoteGrainException>(() => grain.FailWithIdOnly("j-42"));
        Assert.Equal(typeof(IdOnlyException).FullName, remote.OriginalTypeName.Split(',')[0]);
        Assert.Equal("Nothing has id 'j-42'.", remote.OriginalMessage);

        // A refusal type coming out of a call that ran is not a refusal of that call: never re-sent, so it ran once.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailAsIfRefused());
        Assert.Contains("owned elsewhere", refused.Message);

        // Same activation throughout: it counted every call, the failed ones included.
        Assert.Equal(5, await grain.Calls());
    }
}
