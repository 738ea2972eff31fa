using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Agent.Tests.Processes;

/// <summary>
/// Crash recovery on real processes. A "crashed silo" is a record whose owner no longer runs: the owner is this test
/// process with another start time, as a silo process that died and whose pid came back would look.
/// </summary>
public sealed class OrphanProcessReaperTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<RunningProcess> _started = [];

    public void Dispose()
    {
        foreach (var process in _started)
        {
            process.Kill();
            process.Dispose();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task Reap_ProcessMatchingPidAndStartTime_IsKilledWithItsChild_AndItsRecordDeleted()
    {
        var childFile = _folder.Combine("child.pid");
        var process = await StartAsync(StubbornProcesses.WithChild(childFile));
        var child = StubbornProcesses.ReadChild(childFile);
        var store = Store();
        var record = OrphanRecordOf(process);
        store.Write(record);
        Assert.Equal(ProcessRecordState.Orphan, OrphanProcessReaper.Classify(record));

        var killed = await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync();

        Assert.Equal(1, killed);
        Assert.Equal(128 + 9, await Eventually.WithDeadlineAsync(process.Exited, "the orphan to be reaped"));
        Assert.False(ProcessTree.IsRunning(child), "the orphan's child runs on");
        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public async Task Reap_PidNowUsedByAnotherProcess_LeavesThatProcessAlone_AndDeletesTheRecord()
    {
        var process = await StartAsync(StubbornProcesses.Alone);
        var store = Store();
        var record = OrphanRecordOf(process) with { StartTime = process.StartTime - 1 };
        store.Write(record);
        Assert.Equal(ProcessRecordState.PidReused, OrphanProcessReaper.Classify(record));

        var killed = await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync();

        Assert.Equal(0, killed);
        Assert.True(ProcessTree.IsRunning(StubbornProcesses.Stat(process.Pid)));
        Assert.False(process.Exited.IsCompleted);
        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public async Task Reap_RecordOfAnotherBoot_LeavesTheProcessAlone_AndDeletesTheRecord()
    {
        var process = await StartAsync(StubbornProcesses.Alone);
        var store = Store();
        var record = OrphanRecordOf(process) with { BootId = "00000000-0000-0000-0000-000000000000" };
        store.Write(record);
        Assert.Equal(ProcessRecordState.OtherBoot, OrphanProcessReaper.Classify(record));

        await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync();

        Assert.False(process.Exited.IsCompleted);
        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public async Task Reap_OwnerStillRuns_LeavesTheProcessAndItsRecord()
    {
        var process = await StartAsync(StubbornProcesses.Alone);
        var store = Store();
        var record = OrphanRecordOf(process) with { OwnerStartTime = ProcFs.SelfStartTime };
        store.Write(record);
        Assert.Equal(ProcessRecordState.OwnerRunning, OrphanProcessReaper.Classify(record));

        await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync();

        Assert.False(process.Exited.IsCompleted);
        Assert.Equal([record], store.ReadAll());
    }

    [Fact]
    public async Task Reap_ProcessThatEnded_DeletesTheRecord()
    {
        var go = _folder.Combine("go");
        var process = await StartAsync($"echo ready; while [ ! -e '{go}' ]; do sleep 0.05; done");
        await File.WriteAllTextAsync(go, "");
        await Eventually.WithDeadlineAsync(process.Exited, "the script to exit");
        var store = Store();
        var record = OrphanRecordOf(process);
        store.Write(record);
        Assert.Equal(ProcessRecordState.Ended, OrphanProcessReaper.Classify(record));

        Assert.Equal(0, await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync());
        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public async Task Reap_LeaderGoneButItsChildRuns_KillsTheChild()
    {
        // The leader exits when told; its child stays in the leader's process group, as one whose parent died of a
        // broken output pipe when its silo was killed.
        var childFile = _folder.Combine("child.pid");
        var go = _folder.Combine("go");
        var process = await StartAsync($"sh -c 'trap \"\" TERM; while :; do sleep 0.1; done' & echo $! > '{childFile}'; echo ready; while [ ! -e '{go}' ]; do sleep 0.05; done");
        var child = StubbornProcesses.ReadChild(childFile);
        await File.WriteAllTextAsync(go, "");
        await Eventually.WithDeadlineAsync(process.Exited, "the leader to exit");
        var store = Store();
        var record = OrphanRecordOf(process);
        store.Write(record);
        Assert.Equal(ProcessRecordState.Orphan, OrphanProcessReaper.Classify(record));

        Assert.Equal(1, await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync());
        Assert.False(ProcessTree.IsRunning(child), "the child of the ended leader runs on");
    }

    [Fact]
    public async Task ReapAsync_RunsOncePerReaper()
    {
        var reaper = new OrphanProcessReaper(Store(), TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance);

        var first = reaper.ReapAsync();
        await first;

        Assert.Same(first, reaper.ReapAsync());
    }

    private ProcessRecordStore Store() => new(_folder.Combine("processes"), NullLogger<ProcessRecordStore>.Instance);

    private static ProcessRecord OrphanRecordOf(RunningProcess process) =>
        new("local-1", process.Pid, process.ProcessGroup, process.StartTime, ProcFs.BootId, Environment.ProcessId, ProcFs.SelfStartTime + 1, process.Label.JobId, process.Label.Role, process.Label.WorkerIndex, "/bin/sh", DateTimeOffset.UnixEpoch);

    private async Task<RunningProcess> StartAsync(string script)
    {
        var sink = new CollectingSink();
        var process = Launchers.Create().StartOrFail(Launchers.Shell(script, _folder.Path), sink);
        _started.Add(process);
        await sink.WaitForLineAsync("ready");
        Assert.NotEqual(0UL, process.StartTime);
        Assert.Equal(process.Pid, process.ProcessGroup);
        return process;
    }
}
