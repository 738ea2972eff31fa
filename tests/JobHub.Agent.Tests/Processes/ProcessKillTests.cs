using JobHub.Agent.Hosting;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Processes;

/// <summary>
/// <see cref="RunningProcess.KillAsync"/>, on real processes: what a node that vanished does to its processes (its pool
/// removed it): SIGKILL to the process and its whole group at once, so no SIGTERM handler gets to run.
/// </summary>
public sealed class ProcessKillTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ProcessRegistry _registry;
    private readonly ProcessLauncher _launcher;
    private readonly List<RunningProcess> _started = [];

    public ProcessKillTests()
    {
        var store = new ProcessRecordStore(_folder.Combine("processes"), NullLogger<ProcessRecordStore>.Instance);
        _registry = new ProcessRegistry(store, TimeProvider.System, NullLogger<ProcessRegistry>.Instance);
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
