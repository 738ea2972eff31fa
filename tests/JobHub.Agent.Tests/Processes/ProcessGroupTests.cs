using JobHub.Agent;
using JobHub.Agent.Hosting;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Processes;

/// <summary>
/// What happens to the rest of a job process's group, on real processes: a stop sends SIGTERM to the whole group and
/// gives it the grace; a kill (<see cref="RunningProcess.KillAsync"/>: the node vanished) sends SIGKILL to it at once,
/// so no SIGTERM handler runs; a process that exits by itself takes its background processes with it; records go with
/// the reaping.
/// </summary>
public sealed class ProcessGroupTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ProcessRecordStore _store;
    private readonly ProcessRegistry _registry;
    private readonly ProcessLauncher _launcher;
    private readonly List<RunningProcess> _started = [];

    public ProcessGroupTests()
    {
        _store = new ProcessRecordStore(_folder.Combine("processes"), NullLogger<ProcessRecordStore>.Instance);
        _registry = new ProcessRegistry(_store, TimeProvider.System, NullLogger<ProcessRegistry>.Instance);
        _launcher = new ProcessLauncher(Options.Create(new LocalNodeAgentOptions()), _registry, TimeProvider.System, NullLogger<ProcessLauncher>.Instance);
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
            _launcher.Dispose();
            _folder.Dispose();
        }
    }

    [Fact]
    public async Task Stop_LeaderEndingOnTerm_ItsChildGetsTermToo_AndTheGraceToActOnIt()
    {
        // As a '#!/bin/sh' script running 'python train.py' without exec: the shell dies on SIGTERM, the program it
        // runs saves its work on SIGTERM (here: writes a marker) before it exits.
        var marker = _folder.Combine("saved");
        var armed = _folder.Combine("armed");
        var childFile = _folder.Combine("child.pid");
        var script =
            $"sh -c 'trap \"echo saved > {marker}; exit 0\" TERM; touch {armed}; while :; do sleep 0.1; done' & echo $! > '{childFile}'; "
            + $"while [ ! -e '{armed}' ]; do sleep 0.01; done; echo ready; while :; do sleep 0.1; done";
        var process = await StartAsync(script);
        var child = StubbornProcesses.ReadChild(childFile);

        var outcome = await Eventually.WithDeadlineAsync(process.StopAsync(TimeSpan.FromSeconds(15)), "the stop to finish");

        Assert.Equal(StopOutcome.ExitedAfterTerminate, outcome);
        Assert.Equal(128 + 15, await process.Exited);
        Assert.Equal("saved\n", await File.ReadAllTextAsync(marker));
        Assert.False(ProcessTree.IsRunning(child), "the child runs on after the stop");
    }

    [Fact]
    public async Task Stop_ChildIgnoringTerm_IsKilledWhenTheGraceRunsOut_ThoughItsLeaderEndedAtOnce()
    {
        var childFile = _folder.Combine("child.pid");
        var armed = _folder.Combine("armed");
        var process = await StartAsync($"sh -c 'trap \"\" TERM; touch {armed}; while :; do sleep 0.1; done' & echo $! > '{childFile}'; while [ ! -e '{armed}' ]; do sleep 0.01; done; echo ready; while :; do sleep 0.1; done");
        var child = StubbornProcesses.ReadChild(childFile);

        var outcome = await Eventually.WithDeadlineAsync(process.StopAsync(TimeSpan.FromMilliseconds(300)), "the stop to finish");

        Assert.Equal(StopOutcome.Killed, outcome);
        Assert.False(ProcessTree.IsRunning(child), "the child that ignored SIGTERM runs on after the stop");
    }

    [Fact]
    public async Task Exit_LeaderExitingByItself_ItsBackgroundProcessIsKilled_AndNoRecordRemains()
    {
        // 'nohup worker &' then exit 0: the worker ignores SIGHUP and SIGTERM, and would run on unobserved.
        var childFile = _folder.Combine("child.pid");
        var go = _folder.Combine("go");
        var process = await StartAsync($"nohup sh -c 'trap \"\" TERM; while :; do sleep 0.1; done' >/dev/null 2>&1 & echo $! > '{childFile}'; echo ready; while [ ! -e '{go}' ]; do sleep 0.05; done; exit 0");
        var child = StubbornProcesses.ReadChild(childFile);
        await File.WriteAllTextAsync(go, "");

        Assert.Equal(0, await Eventually.WithDeadlineAsync(process.Exited, "the script to exit"));

        Assert.False(ProcessTree.IsRunning(child), "the background process outlived the job's process");
        await Eventually.WaitUntilAsync(() => (_registry.Count == 0, Task.Delay(10)), "the registry to forget the process");
        Assert.Empty(_store.ReadAll());
    }

    [Fact]
    public async Task KillAllAsync_RecordIsDeletedBeforeItReturns_ThoughAnEscapedProcessStillHoldsTheOutput()
    {
        // A daemon that left the job's session and tree still holds the output pipe: reading the output to the end
        // waits (OutputDrainTimeout), the record must not.
        var daemonFile = _folder.Combine("daemon.pid");
        await StartAsync($"(setsid sh -c 'echo $$ > {daemonFile}; exec sleep 600' &); while [ ! -s '{daemonFile}' ]; do sleep 0.01; done; echo ready; trap '' TERM; while :; do sleep 0.1; done");
        var daemon = StubbornProcesses.ReadChild(daemonFile);
        try
        {
            Assert.Single(_store.ReadAll());

            Assert.Equal(1, await _registry.KillAllAsync("test", TimeSpan.FromSeconds(10)));

            Assert.Empty(_store.ReadAll());
            Assert.Equal(0, _registry.Count);
        }
        finally
        {
            NativeMethods.Kill(daemon.Pid, NativeMethods.SigKill);
        }
    }

    [Fact]
    public async Task KillAllAsync_WaitsForAStartReservedBeforeTheStop_AndLaterStartsAreRefused()
    {
        var reservation = _registry.TryReserveStart();
        Assert.NotNull(reservation);
        _registry.BeginShutdown(DateTimeOffset.MaxValue);
        Assert.Null(_registry.TryReserveStart());

        var killAll = _registry.KillAllAsync("test", TimeSpan.FromSeconds(30));
        Assert.False(killAll.IsCompleted, "the last kill did not wait for the start under way");
        reservation.Dispose();

        Assert.Equal(0, await Eventually.WithDeadlineAsync(killAll, "the last kill once the start ended"));
    }

    [Fact]
    public async Task Kill_EndsTheProcessAndItsGroupAtOnce_NoTermHandlerRuns()
    {
        // Leader and child would both write a marker on SIGTERM: a kill gives them no chance to.
        var leaderMarker = _folder.Combine("leader-saved");
        var childMarker = _folder.Combine("child-saved");
        var armed = _folder.Combine("armed");
        var childFile = _folder.Combine("child.pid");
        var process = await StartAsync(
            $"trap 'echo saved > {leaderMarker}; exit 0' TERM; "
            + $"sh -c 'trap \"echo saved > {childMarker}; exit 0\" TERM; touch {armed}; while :; do sleep 0.1; done' & echo $! > '{childFile}'; "
            + $"while [ ! -e '{armed}' ]; do sleep 0.01; done; echo ready; while :; do sleep 0.1; done");
        var child = StubbornProcesses.ReadChild(childFile);

        var exitCode = await Eventually.WithDeadlineAsync(process.KillAsync(), "the kill to finish");

        Assert.Equal(128 + 9, exitCode);
        Assert.False(File.Exists(leaderMarker), "the leader ran its SIGTERM handler");
        Assert.False(File.Exists(childMarker), "the child ran its SIGTERM handler");
        Assert.False(ProcessTree.IsRunning(child), "the child runs on after the kill"); // Exited waits for the group to be gone
    }

    private async Task<RunningProcess> StartAsync(string script)
    {
        var sink = new CollectingSink();
        var process = _launcher.StartOrFail(Launchers.Shell(script, _folder.Path) with { NodeId = "local-1" }, sink);
        _started.Add(process);
        await sink.WaitForLineAsync("ready");
        return process;
    }
}
