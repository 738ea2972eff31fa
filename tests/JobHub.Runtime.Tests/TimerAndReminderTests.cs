using JobHub.Runtime.Hosting;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Sql.Options;
using JobHub.Runtime.Sql.Sqlite;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests;

public sealed class TimerAndReminderTests
{
    [Fact]
    public async Task GrainTimer_TicksAsTurns_NeverOverlappingRequests()
    {
        var log = new LifecycleLog();
        var time = new FakeTimeProvider();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log), time: time);
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.Start(TimeSpan.FromSeconds(1));

        for (var i = 1; i <= 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.WaitUntilAsync(() => log.Count("tick:t") == i, $"tick {i} runs");
            await grain.Ticks();
        }

        Assert.Equal(5, await grain.Ticks());
        Assert.Equal(0, await grain.Overlaps());
    }

    [Fact]
    public async Task GrainTimer_EndsWithTheActivation()
    {
        var log = new LifecycleLog();
        var time = new FakeTimeProvider();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log), time: time);
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.Start(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => log.Count("tick:t") == 1, "the first tick runs");
        var timersBefore = time.ActiveTimerCount;

        await grain.Deactivate();
        await Eventually.WaitUntilAsync(() => time.ActiveTimerCount == timersBefore - 1, "the grain timer is disposed with the activation");
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, log.Count("tick:t"));
        Assert.Equal(0, await grain.Ticks());
    }

    [Fact]
    public async Task Reminder_FiresOnItsPeriod_AndActivatesTheGrain()
    {
        var log = new LifecycleLog();
        var time = new FakeTimeProvider();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log), time: time);
        var grain = silo.Grains.GetGrain<IReminderGrain>("r");
        await grain.Register("poke", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.WaitUntilAsync(() => log.Count("reminder:r:poke") == 1, "the first tick");
        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.WaitUntilAsync(() => log.Count("reminder:r:poke") == 2, "the second tick");
        await grain.Unregister("poke");
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(2, log.Count("reminder:r:poke"));
        Assert.Equal(0, await grain.ReminderCount());
    }

    [Fact]
    public Task Reminder_RegisteredBeforeRestart_FiresAfterIt_Memory()
    {
        var table = new MemoryReminderTable();
        return AssertReminderSurvivesRestartAsync(() => table);
    }

    [Fact]
    public async Task Reminder_RegisteredBeforeRestart_FiresAfterIt_SqliteFile()
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-reminders-").FullName;
        try
        {
            // Each silo opens the file anew: only what reached the disk survives.
            await AssertReminderSurvivesRestartAsync(() => new SqliteReminderTable(new SqliteDatabase(new SqliteStorageOptions { DataSource = Path.Combine(folder, "r.db") })));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AssertReminderSurvivesRestartAsync(Func<IReminderTable> openTable)
    {
        var log = new LifecycleLog();
        var time = new FakeTimeProvider();
        await using (var before = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log).AddSingleton(openTable()), time: time))
        {
            await before.Grains.GetGrain<IReminderGrain>("durable").Register("wake", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        }

        time.Advance(TimeSpan.FromMinutes(2));
        await using var after = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log).AddSingleton(openTable()), time: time);
        Assert.Equal(0, log.Count("reminder:durable:wake"));
        time.Advance(TimeSpan.FromMinutes(3));

        await Eventually.WaitUntilAsync(() => log.Count("reminder:durable:wake") == 1, "the reminder registered before the restart fires after it");
    }

    [Fact]
    public async Task Reminder_PeriodBelowMinimum_Refused()
    {
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(new LifecycleLog()));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            silo.Grains.GetGrain<IReminderGrain>("r").Register("fast", TimeSpan.Zero, TimeSpan.FromSeconds(1)));

        Assert.Contains("MinimumReminderPeriod", error.Message);
    }

    [Fact]
    public async Task Reminder_OnGrainThatIsNotRemindable_Refused()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var service = silo.Services.GetRequiredService<ReminderService>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            service.RegisterOrUpdateAsync(new GrainId("counter", "c"), "x", TimeSpan.Zero, TimeSpan.FromMinutes(1)));

        Assert.Contains("does not implement IRemindable", error.Message);
    }
}
