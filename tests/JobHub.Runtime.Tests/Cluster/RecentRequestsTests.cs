using JobHub.Runtime.Cluster;
using JobHub.Runtime.Networking;
using JobHub.Testing;

namespace JobHub.Runtime.Tests.Cluster;

public sealed class RecentRequestsTests
{
    [Fact]
    public async Task DuplicateDelivery_GetsTheFirstAnswer_AndRunsOnce()
    {
        var recent = new RecentRequests(new FakeTimeProvider());
        var firstAnswer = Task.FromResult<ReadOnlyMemory<byte>>(new byte[] { 42 });
        var secondAnswer = Task.FromResult<ReadOnlyMemory<byte>>(new byte[] { 43 });
        var otherSenderAnswer = Task.FromResult<ReadOnlyMemory<byte>>(new byte[] { 44 });

        var first = recent.FirstAnswer(PeerIdentity.ForClient("a"), 7, firstAnswer);
        var duplicate = recent.FirstAnswer(PeerIdentity.ForClient("a"), 7, secondAnswer);
        var otherSender = recent.FirstAnswer(PeerIdentity.ForClient("b"), 7, otherSenderAnswer); // another sender's request 7 is another request

        Assert.Same(firstAnswer, first); // the first delivery runs
        Assert.Same(firstAnswer, duplicate); // the duplicate does not run: it gets the first answer
        Assert.Same(otherSenderAnswer, otherSender);
        Assert.Equal([42], (await duplicate).ToArray());
    }

    [Fact]
    public void AnsweredRequests_AreForgottenWithinTwoWindows_UnansweredOnesAreKept()
    {
        var time = new FakeTimeProvider();
        var recent = new RecentRequests(time);
        var stillRunning = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        var sender = PeerIdentity.ForClient("s");
        var firstAnswer = Task.FromResult(ReadOnlyMemory<byte>.Empty);
        recent.FirstAnswer(sender, 1, firstAnswer);
        recent.FirstAnswer(sender, 2, stillRunning.Task);

        time.Advance(RecentRequests.Window + TimeSpan.FromSeconds(1));
        recent.FirstAnswer(sender, 3, Task.FromResult(ReadOnlyMemory<byte>.Empty));
        Assert.Same(firstAnswer, recent.FirstAnswer(sender, 1, Task.FromResult(ReadOnlyMemory<byte>.Empty))); // one window on: still known
        time.Advance(RecentRequests.Window * 2);
        recent.FirstAnswer(sender, 4, Task.FromResult(ReadOnlyMemory<byte>.Empty)); // forgets on the way in

        Assert.Equal(2, recent.Count); // 1 and 3 forgotten; 2 (running) and 4 (new) kept
        stillRunning.SetResult(ReadOnlyMemory<byte>.Empty);
    }

    [Fact]
    public void AtAnyCallRate_AtMostTwoFullGenerationsAreKept()
    {
        var recent = new RecentRequests(new FakeTimeProvider(), maxPerGeneration: 100);
        var sender = PeerIdentity.ForClient("busy");
        var answered = Task.FromResult(ReadOnlyMemory<byte>.Empty);
        for (var id = 0; id < 1_000; id++)
        {
            recent.FirstAnswer(sender, id, answered); // all within one window: the clock never moves
        }

        Assert.InRange(recent.Count, 100, 200);
        var duplicateOfRecent = Task.FromResult(ReadOnlyMemory<byte>.Empty);
        Assert.Same(answered, recent.FirstAnswer(sender, 999, duplicateOfRecent)); // the latest are still known
    }
}
