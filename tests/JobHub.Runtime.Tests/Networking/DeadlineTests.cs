using JobHub.Runtime.Networking;
using JobHub.Testing;
using static JobHub.Runtime.Tests.Networking.TransportHarness;

namespace JobHub.Runtime.Tests.Networking;

public sealed class DeadlineTests
{
    [Fact]
    public async Task HandlerThatNeverAnswers_FailsTheCallAtItsDeadlineWithUnknownOutcome()
    {
        await using var harness = new TransportHarness();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        var listener = harness.StartListener((_, _) =>
        {
            started.TrySetResult();
            return new ValueTask<ReadOnlyMemory<byte>>(never.Task);
        });
        var clock = new FakeTimeProvider();
        var instruments = new NetworkingInstruments();
        var manager = harness.CreateManager(time: clock, instruments: instruments);

        var call = manager.SendRequestAsync(listener.Address, new byte[1], In(TimeSpan.FromSeconds(5), clock));
        await started.Task.WaitAsync(Eventually.DefaultTimeout);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted, "the call is still within its deadline");
        clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<RemoteCallTimeoutException>(() => call);
        Assert.Contains("outcome is unknown", error.Message);
        Assert.Equal(1, instruments.Snapshot().TimedOutRequests);
        Assert.Equal(0, manager.CurrentConnection(listener.Address)!.PendingRequestCount);
    }

    [Fact]
    public async Task ResponseAfterTheDeadline_IsDroppedAndTheConnectionKeepsWorking()
    {
        await using var harness = new TransportHarness();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = harness.StartListener((message, _) =>
        {
            if (message.Payload.Span[0] == 0)
            {
                started.TrySetResult();
                return new ValueTask<ReadOnlyMemory<byte>>(gate.Task);
            }

            return ValueTask.FromResult(message.Payload);
        });
        var clock = new FakeTimeProvider();
        var instruments = new NetworkingInstruments();
        var manager = harness.CreateManager(time: clock, instruments: instruments);

        var slow = manager.SendRequestAsync(listener.Address, new byte[] { 0 }, In(TimeSpan.FromSeconds(1), clock));
        await started.Task.WaitAsync(Eventually.DefaultTimeout);
        clock.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<RemoteCallTimeoutException>(() => slow);
        gate.SetResult(new byte[] { 42 });

        await Eventually.WaitUntilAsync(() => instruments.Snapshot().LateResponsesDropped == 1, "the late answer arrives and is dropped");
        var next = await manager.SendRequestAsync(listener.Address, new byte[] { 7 }, In(TimeSpan.FromSeconds(30), clock));
        Assert.Equal(7, next.Span[0]);
    }

    [Fact]
    public async Task DeadlineAlreadyPassed_FailsWithoutSending()
    {
        await using var harness = new TransportHarness();
        var listener = harness.StartListener(Echo);
        var manager = harness.CreateManager();

        var error = await Assert.ThrowsAsync<RemoteCallTimeoutException>(() => manager.SendRequestAsync(listener.Address, new byte[1], TimeProvider.System.GetUtcNow().AddSeconds(-1)));

        Assert.Contains("not sent", error.Message);
        Assert.Empty(listener.Connections);
    }

    [Fact]
    public async Task CancelledCall_StopsWaiting()
    {
        await using var harness = new TransportHarness();
        var never = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        var listener = harness.StartListener((_, _) => new ValueTask<ReadOnlyMemory<byte>>(never.Task));
        var manager = harness.CreateManager();
        using var cancel = new CancellationTokenSource();

        var call = manager.SendRequestAsync(listener.Address, new byte[1], Soon(), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
