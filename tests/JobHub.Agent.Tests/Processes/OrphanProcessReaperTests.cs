using JobHub.Agent;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Agent.Tests.Processes;

/// <summary>
/// Crash recovery on real processes. A "crashed silo" is a record whose owner no longer runs: the owner is this test
/// process with another start time, as a silo process that died and whose pid came back would look.
/// </summary>
public sealed class OrphanProcessReaperTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly List<RunningProcess> _started = [];
    private readonly ProcessLauncher _launcher = Launchers.Create();

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
        // The leader exits when told; its child stays in the leader's session and process group, as one whose parent
        // died of a broken output pipe when its silo was killed (no silo is left to end the rest of the group). So
        // it is started through setsid by this test, not by a launcher.
        var childFile = _folder.Combine("child.pid");
        var go = _folder.Combine("go");
        var script = $"sh -c 'trap \"\" TERM; while :; do sleep 0.1; done' & echo $! > '{childFile}'; echo ready; while [ ! -e '{go}' ]; do sleep 0.05; done";
        using var leader = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("setsid", ["--", "/bin/sh", "-c", script]) { RedirectStandardOutput = true })!;
        Assert.Equal("ready", await leader.StandardOutput.ReadLineAsync());
        var stat = StubbornProcesses.Stat(leader.Id);
        var child = StubbornProcesses.ReadChild(childFile);
        try
        {
            await File.WriteAllTextAsync(go, "");
            await leader.WaitForExitAsync();
            var store = Store();
            var record = new ProcessRecord("local-1", leader.Id, leader.Id, stat.StartTime, ProcFs.BootId, ProcFs.PidNamespace, Environment.ProcessId, ProcFs.SelfStartTime + 1, "job-1", ProcessRole.Master, 0, "/bin/sh", null, DateTimeOffset.UnixEpoch);
            store.Write(record);
            Assert.Equal((leader.Id, leader.Id), (child.ProcessGroup, child.Session));
            Assert.Equal(ProcessRecordState.Orphan, OrphanProcessReaper.Classify(record));

            Assert.Equal(1, await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync());
            Assert.False(ProcessTree.IsRunning(child), "the child of the ended leader runs on");
        }
        finally
        {
            if (ProcessTree.IsRunning(child))
            {
                NativeMethods.Kill(child.Pid, NativeMethods.SigKill);
            }
        }
    }

    [Fact]
    public async Task Reap_SeveralOrphans_AreAllKilledInOnePass()
    {
        var store = Store();
        var processes = new List<RunningProcess>();
        for (var i = 0; i < 3; i++)
        {
            var process = await StartAsync(StubbornProcesses.WithChild(_folder.Combine($"child-{i}.pid")));
            processes.Add(process);
            store.Write(OrphanRecordOf(process));
        }

        var killed = await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync();

        Assert.Equal(3, killed);
        foreach (var process in processes)
        {
            Assert.Equal(128 + 9, await Eventually.WithDeadlineAsync(process.Exited, "each orphan to be reaped"));
        }

        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public async Task Reap_RecordNamingAProcessThatDoesNotLeadItsSession_LeavesItAlone()
    {
        // A process with the recorded pid and start time, but in the test's session and group: not a job process (a
        // record planted by a job, say). Started without setsid, as a plain child of this test.
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", StubbornProcesses.Alone]) { RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("ready", await other.StandardOutput.ReadLineAsync());
            var stat = StubbornProcesses.Stat(other.Id);
            var store = Store();
            var record = new ProcessRecord("local-1", other.Id, other.Id, stat.StartTime, ProcFs.BootId, ProcFs.PidNamespace, Environment.ProcessId, ProcFs.SelfStartTime + 1, "job-1", ProcessRole.Master, 0, "/bin/sh", ProcFs.ReadExecutable(other.Id), DateTimeOffset.UnixEpoch);
            store.Write(record);
            Assert.Equal(ProcessRecordState.NotOurs, OrphanProcessReaper.Classify(record));

            Assert.Equal(0, await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync());

            Assert.True(ProcessTree.IsRunning(stat), "the process named by the record was killed");
            Assert.Empty(store.ReadAll());
        }
        finally
        {
            other.Kill();
            await other.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Reap_ProcessThatExecedAnotherProgram_IsStillKilled()
    {
        // A job that runs `exec python ...` runs another file than the one it started with, and is still an orphan.
        var process = await StartAsync(StubbornProcesses.Alone);
        var store = Store();
        var record = OrphanRecordOf(process) with { Executable = "/usr/bin/jobhub-the-program-it-started-as" };
        store.Write(record);
        Assert.Equal(ProcessRecordState.Orphan, OrphanProcessReaper.Classify(record));

        Assert.Equal(1, await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync());

        await process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(store.ReadAll());
    }

    [Fact]
    public async Task Reap_RecordOfAnotherPidNamespace_IsTreatedAsAnotherBoot()
    {
        var process = await StartAsync(StubbornProcesses.Alone);
        var store = Store();
        var record = OrphanRecordOf(process) with { PidNamespace = "pid:[1]" };
        store.Write(record);
        Assert.Equal(ProcessRecordState.OtherBoot, OrphanProcessReaper.Classify(record));

        Assert.Equal(0, await new OrphanProcessReaper(store, TimeProvider.System, NullLogger<OrphanProcessReaper>.Instance).ReapOnceAsync());

        Assert.False(process.Exited.IsCompleted);
        Assert.Empty(store.ReadAll());
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
        new("local-1", process.Pid, process.ProcessGroup, process.StartTime, ProcFs.BootId, ProcFs.PidNamespace, Environment.ProcessId, ProcFs.SelfStartTime + 1, process.Label.JobId, process.Label.Role, process.Label.WorkerIndex, "/bin/sh", process.Executable, DateTimeOffset.UnixEpoch);

    private async Task<RunningProcess> StartAsync(string script)
    {
        var sink = new CollectingSink();
        var process = _launcher.StartOrFail(Launchers.Shell(script, _folder.Path), sink);
        _started.Add(process);
        await sink.WaitForLineAsync("ready");
        Assert.NotEqual(0UL, process.StartTime);
        Assert.Equal(process.Pid, process.ProcessGroup);
        return process;
    }
}
