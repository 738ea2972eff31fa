using JobHub.Runtime.Cluster;
using JobHub.Testing;

namespace JobHub.Runtime.Tests.Cluster;

public sealed class RecentRequestsTests
{
    [Fact]
    public async Task DuplicateDelivery_GetsTheFirstAnswer_AndRunsOnce()
    {
        var recent = new RecentRequests(new FakeTimeProvider());
        var runs = 0;
        Task<ReadOnlyMemory<byte>> Run()
        {
            runs++;
            return Task.FromResult<ReadOnlyMemory<byte>>(new byte[] { 42 });
        }

        var first = await recent.GetOrRun("silo-a", 7, Run);
        var duplicate = await recent.GetOrRun("silo-a", 7, Run);
        await recent.GetOrRun("silo-b", 7, Run); // another sender's request 7 is another request

        Assert.Equal(2, runs);
        Assert.Equal(first.ToArray(), duplicate.ToArray());
    }

    [Fact]
    public async Task AnsweredRequests_AreForgottenAfterTheWindow_UnansweredOnesAreKept()
    {
        var time = new FakeTimeProvider();
        var recent = new RecentRequests(time);
        var stillRunning = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        await recent.GetOrRun("s", 1, () => Task.FromResult(ReadOnlyMemory<byte>.Empty));
        _ = recent.GetOrRun("s", 2, () => stillRunning.Task);

        time.Advance(RecentRequests.Window + TimeSpan.FromSeconds(2));
        await recent.GetOrRun("s", 3, () => Task.FromResult(ReadOnlyMemory<byte>.Empty)); // sweeps on the way in

        Assert.Equal(2, recent.Count); // request 1 forgotten; 2 (running) and 3 (new) kept
        stillRunning.SetResult(ReadOnlyMemory<byte>.Empty);
    }
}
