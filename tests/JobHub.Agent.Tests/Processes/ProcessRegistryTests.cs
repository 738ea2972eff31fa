using JobHub.Agent;
using JobHub.Agent.Hosting;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Processes;

/// <summary>The registry of started processes, their records on disk, process groups and kills, on real processes.</summary>
public sealed class ProcessRegistryTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ProcessRecordStore _store;
    private readonly List<RunningProcess> _started = [];
    private readonly List<ProcessLauncher> _launchers = [];

    public ProcessRegistryTests()
    {
        _store = new ProcessRecordStore(_folder.Combine("processes"), NullLogger<ProcessRecordStore>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            await StubbornProcesses.KillAndDisposeAsync(_started);
        }
        finally
        {
            _launchers.ForEach(launcher => launcher.Dispose());
            _folder.Dispose();
        }
    }

    [Fact]
    public async Task Start_RecordIsOnDiskWhileTheProcessRuns_AndDeletedOnceItExited()
    {
        var registry = Registry();
        var go = _folder.Combine("go");
        var process = await StartAsync(registry, $"echo ready; while [ ! -e '{go}' ]; do sleep 0.05; done");

        var record = Assert.Single(_store.ReadAll());
        var stat = StubbornProcesses.Stat(process.Pid);
        Assert.Equal(("local-1", process.Pid, process.Pid, stat.StartTime), (record.NodeId, record.Pid, record.ProcessGroup, record.StartTime));
        Assert.Equal((ProcFs.BootId, ProcFs.PidNamespace, Environment.ProcessId, ProcFs.SelfStartTime), (record.BootId, record.PidNamespace, record.OwnerPid, record.OwnerStartTime));
        Assert.Equal((process.Label, "/bin/sh", NativeMethods.RealPath("/bin/sh")), (record.Label, record.Command, record.Executable));
        Assert.True(File.Exists(_folder.Combine("processes", "local-1", $"{process.Pid}-{stat.StartTime}.json")));
        Assert.Equal([process], registry.Processes);

        await File.WriteAllTextAsync(go, "");
        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");
        await Eventually.WaitUntilAsync(() => (_store.ReadAll().Count == 0 && registry.Count == 0, Task.Delay(10)), "the record to be deleted after the exit");
    }

    [Fact]
    public async Task Start_ProcessLeadsAProcessGroupOfItsOwn()
    {
        var childFile = _folder.Combine("child.pid");
        var process = await StartAsync(Registry(), StubbornProcesses.WithChild(childFile));

        var leader = StubbornProcesses.Stat(process.Pid);
        var child = StubbornProcesses.ReadChild(childFile);
        Assert.Equal(process.Pid, leader.ProcessGroup);
        Assert.Equal(process.Pid, child.ProcessGroup);
        Assert.NotEqual(StubbornProcesses.Stat(Environment.ProcessId).ProcessGroup, leader.ProcessGroup);
    }

    [Fact]
    public async Task KillAllAsync_KillsTermIgnoringProcessesAndTheirChildren_AndWaitsForThem()
    {
        var registry = Registry();
        var childFile = _folder.Combine("child.pid");
        var first = await StartAsync(registry, StubbornProcesses.WithChild(childFile), index: 1);
        var child = StubbornProcesses.ReadChild(childFile);
        var second = await StartAsync(registry, StubbornProcesses.Alone, index: 2);

        Assert.Equal(2, await registry.KillAllAsync("test", TimeSpan.FromSeconds(10)));

        Assert.True(first.HasExited && second.HasExited, "both processes are reaped when KillAllAsync returns");
        Assert.False(ProcessTree.IsRunning(child), "the child runs on");
        Assert.Equal(128 + 9, await Eventually.WithDeadlineAsync(first.Exited, "the first process's exit"));
        Assert.Equal(128 + 9, await Eventually.WithDeadlineAsync(second.Exited, "the second process's exit"));
    }

    [Fact]
    public async Task Stop_TermIgnoringProcessWithAChild_BothAreKilledAfterTheGrace()
    {
        var childFile = _folder.Combine("child.pid");
        var process = await StartAsync(Registry(), StubbornProcesses.WithChild(childFile));
        var child = StubbornProcesses.ReadChild(childFile);

        var outcome = await Eventually.WithDeadlineAsync(process.StopAsync(TimeSpan.FromMilliseconds(200)), "the stop to finish");

        Assert.Equal(StopOutcome.Killed, outcome);
        Assert.Equal(128 + 9, await process.Exited);
        await StubbornProcesses.WaitUntilGoneAsync(child, "the child of the killed process to be gone");
    }

    [Fact]
    public async Task Stop_CancelledDuringTheGrace_KillsAtOnce()
    {
        var process = await StartAsync(Registry(), StubbornProcesses.Alone);
        using var cancel = new CancellationTokenSource();

        var stop = process.StopAsync(TimeSpan.FromMinutes(10), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stop);
        Assert.Equal(128 + 9, await Eventually.WithDeadlineAsync(process.Exited, "the kill that follows the cancellation"));
    }

    [Fact]
    public void Start_WhileTheSiloStops_IsRefused()
    {
        var registry = Registry();
        registry.BeginShutdown(DateTimeOffset.MaxValue);

        var result = Launcher(registry).Start(Spec(StubbornProcesses.Alone), new CollectingSink());

        Assert.False(result.Started);
        Assert.Contains("the silo is stopping", result.Error, StringComparison.Ordinal);
        Assert.Empty(_store.ReadAll());
    }

    [Fact]
    public void GraceFor_IsCutToTheStopBudgetAndToTheTimeLeftBeforeTheShutdownKill()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var registry = Registry(new FixedTimeProvider(now));
        var configured = TimeSpan.FromSeconds(10);

        Assert.Equal(configured, registry.GraceFor(configured));
        Assert.Equal(TimeSpan.FromSeconds(15), registry.GraceFor(TimeSpan.FromMinutes(1), stopBudget: TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(2), registry.GraceFor(configured, stopBudget: TimeSpan.FromSeconds(4)));

        Assert.Equal(now.AddSeconds(3), registry.BeginShutdown(now.AddSeconds(3)));
        Assert.Equal(now.AddSeconds(3), registry.BeginShutdown(now.AddSeconds(30)));
        Assert.True(registry.IsStopping);
        Assert.Equal(TimeSpan.FromSeconds(3), registry.GraceFor(configured, stopBudget: TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(1), registry.GraceFor(TimeSpan.FromSeconds(1)));
    }

    private ProcessRegistry Registry(TimeProvider? time = null) => new(_store, time ?? TimeProvider.System, NullLogger<ProcessRegistry>.Instance);

    private ProcessLauncher Launcher(ProcessRegistry registry)
    {
        var launcher = new ProcessLauncher(Options.Create(new LocalNodeAgentOptions()), registry, TimeProvider.System, NullLogger<ProcessLauncher>.Instance);
        _launchers.Add(launcher);
        return launcher;
    }

    private ProcessLaunchSpec Spec(string script, int index = 0) =>
        Launchers.Shell(script, _folder.Path, label: index == 0 ? ProcessLabel.Master("job-1") : ProcessLabel.Worker("job-1", index)) with { NodeId = "local-1" };

    private async Task<RunningProcess> StartAsync(ProcessRegistry registry, string script, int index = 0)
    {
        var sink = new CollectingSink();
        var process = Launcher(registry).StartOrFail(Spec(script, index), sink);
        _started.Add(process);
        await sink.WaitForLineAsync("ready");
        return process;
    }
}
