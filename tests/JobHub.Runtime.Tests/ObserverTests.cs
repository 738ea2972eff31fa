using System.Collections.Concurrent;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;

namespace JobHub.Runtime.Tests;

public sealed class ObserverTests
{
    [Fact]
    public async Task Observer_ReceivesNotificationsInOrder()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var received = new RecordingObserver();
        var reference = silo.Grains.CreateObjectReference<IStatusObserver>(received);
        var notifier = silo.Grains.GetGrain<INotifierGrain>("n");
        await notifier.Subscribe(reference);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, await notifier.Notify($"s{i}"));
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"s{i}"), received.Statuses);
    }

    [Fact]
    public async Task FailingObserver_IsDropped_GrainAndOtherObserversCarryOn()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var good = new RecordingObserver();
        var notifier = silo.Grains.GetGrain<INotifierGrain>("n");
        await notifier.Subscribe(silo.Grains.CreateObjectReference<IStatusObserver>(good));
        await notifier.Subscribe(silo.Grains.CreateObjectReference<IStatusObserver>(new FailingObserver()));

        Assert.Equal(1, await notifier.Notify("first"));
        Assert.Equal(1, await notifier.SubscriberCount());
        Assert.Equal(1, await notifier.Notify("second"));
        Assert.Equal(["first", "second"], good.Statuses);
    }

    [Fact]
    public async Task DeletedObserverReference_IsDroppedOnNextNotification()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var reference = silo.Grains.CreateObjectReference<IStatusObserver>(new RecordingObserver());
        var notifier = silo.Grains.GetGrain<INotifierGrain>("n");
        await notifier.Subscribe(reference);

        silo.Grains.DeleteObjectReference(reference);

        Assert.Equal(0, await notifier.Notify("anyone?"));
        Assert.Equal(0, await notifier.SubscriberCount());
    }

    private sealed class RecordingObserver : IStatusObserver
    {
        public ConcurrentQueue<string> Statuses { get; } = new();

        public Task OnStatus(string status)
        {
            Statuses.Enqueue(status);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingObserver : IStatusObserver
    {
        public Task OnStatus(string status) => throw new IOException("observer is broken");
    }
}
