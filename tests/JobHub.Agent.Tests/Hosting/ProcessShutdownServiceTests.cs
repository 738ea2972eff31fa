using System.Diagnostics;
using JobHub.Agent.Hosting;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Agent.Tests.Hosting;

/// <summary>The agent in a real host: orphans killed before the host starts, no process outliving the host's stop.</summary>
public sealed class ProcessShutdownServiceTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly List<RunningProcess> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            await StubbornProcesses.KillAndDisposeAsync(_started);
        }
        finally
        {
            _folder.Dispose();
        }
    }

    [Fact]
    public async Task HostStop_ProcessNobodyStopped_IsKilledWithItsChildBeforeStopReturns()
    {
        using var host = BuildHost(TimeSpan.FromSeconds(10));
        await host.StartAsync();
        var childFile = _folder.Combine("child.pid");
        var process = await StartAsync(host.Services.GetRequiredService<ProcessLauncher>(), StubbornProcesses.WithChild(childFile));
        var child = StubbornProcesses.ReadChild(childFile);
        var store = host.Services.GetRequiredService<ProcessRecordStore>();
        Assert.Single(store.ReadAll());

        await host.StopAsync();

        Assert.True(process.HasExited, "the process is reaped before the host's stop returns");
        Assert.False(ProcessTree.IsRunning(child), "the child runs on after the host stopped");
        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public async Task HostStop_StuckService_ProcessesAreKilledAtTheShutdownGraceDeadline_WellBeforeTheTimeout()
    {
        // A service that holds the stop until the host's shutdown timeout (4 s) runs out, as a deactivation that
        // hangs would: the processes must be killed at the shutdown grace deadline (2 s) all the same, after it and
        // before the timeout (timings on a loaded machine are not asserted closer than that).
        var shutdownTimeout = TimeSpan.FromSeconds(4);
        var clock = new Stopwatch();
        var stuck = new StuckOnStop(clock);
        using var host = BuildHost(shutdownTimeout, services => services.AddHostedService(_ => stuck));
        await host.StartAsync();
        var process = await StartAsync(host.Services.GetRequiredService<ProcessLauncher>(), StubbornProcesses.Alone);
        var grace = host.Services.GetServices<IHostedService>().OfType<ProcessShutdownService>().Single().ShutdownGracePeriod;
        Assert.Equal(TimeSpan.FromSeconds(2), grace);

        clock.Start();
        var stop = host.StopAsync();
        Assert.Equal(128 + 9, await Eventually.WithDeadlineAsync(process.Exited, "the kill at the shutdown grace deadline"));
        var killedAfter = clock.Elapsed;
        await stop;

        Assert.True(killedAfter >= grace, $"killed {killedAfter} after the stop began, before the grace deadline");
        Assert.True(stuck.TimedOutAfter is { } timedOut && killedAfter < timedOut, $"killed {killedAfter} after the stop began, not before the shutdown timeout ran out ({stuck.TimedOutAfter})");
    }

    [Fact]
    public async Task HostStart_KillsTheOrphansOfACrashedPredecessorBeforeAnythingStarts()
    {
        // The orphan: a process of this test (any process would do) with a record whose silo process is gone.
        var childFile = _folder.Combine("child.pid");
        using var launcher = Launchers.Create();
        var orphan = await StartAsync(launcher, StubbornProcesses.WithChild(childFile));
        var child = StubbornProcesses.ReadChild(childFile);
        var leader = StubbornProcesses.Stat(orphan.Pid);
        var store = new ProcessRecordStore(_folder.Combine("processes"), NullLogger<ProcessRecordStore>.Instance);
        store.Write(new ProcessRecord("local-1", orphan.Pid, orphan.ProcessGroup, orphan.StartTime, ProcFs.BootId, ProcFs.PidNamespace, Environment.ProcessId, ProcFs.SelfStartTime + 1, "job-1", ProcessRole.Master, 0, "/bin/sh", orphan.Executable, DateTimeOffset.UnixEpoch));
        var sawOrphanAtStart = new TaskCompletionSource<bool>();

        using var host = BuildHost(TimeSpan.FromSeconds(10), services => services.AddHostedService(_ => new ReportsOnStart(() => sawOrphanAtStart.TrySetResult(ProcessTree.IsRunning(leader) || ProcessTree.IsRunning(child)))));
        await host.StartAsync();

        Assert.False(await sawOrphanAtStart.Task, "a service started while the orphan still ran");
        Assert.Equal(128 + 9, await Eventually.WithDeadlineAsync(orphan.Exited, "the orphan's exit"));
        Assert.False(ProcessTree.IsRunning(child), "the orphan's child runs on");
        Assert.Empty(store.ReadAll());
        await host.StopAsync();
    }

    private IHost BuildHost(TimeSpan shutdownTimeout, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        builder.Services.AddLocalNodeAgent(o =>
        {
            o.WorkRoot = _folder.Combine("jobs");
            o.BlobRoot = _folder.Combine("blobs");
        });
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    private async Task<RunningProcess> StartAsync(ProcessLauncher launcher, string script)
    {
        var sink = new CollectingSink();
        var process = launcher.StartOrFail(Launchers.Shell(script, _folder.Path) with { NodeId = "local-1" }, sink);
        _started.Add(process);
        await sink.WaitForLineAsync("ready");
        return process;
    }

    /// <summary>Holds the host's stop until its shutdown timeout cancels it, and notes when that was on <paramref name="clock"/>.</summary>
    private sealed class StuckOnStop(Stopwatch clock) : IHostedService
    {
        public TimeSpan? TimedOutAfter { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                TimedOutAfter = clock.Elapsed;
            }
        }
    }

    private sealed class ReportsOnStart(Action report) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            report();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
