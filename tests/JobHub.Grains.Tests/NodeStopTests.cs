using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;

namespace JobHub.Grains.Tests;

/// <summary>
/// A worker whose start call timed out stops its process through the node while the node may still be starting
/// it (unpacking a bundle, forking): the node must not let that process run on after the stop, on capacity the
/// job has given back.
/// </summary>
public sealed class NodeStopTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task StopArrivingWhileTheProcessIsStarting_StopsItOnceStarted()
    {
        var jobId = JobsHost.NewJobId();
        var node = _host.Grains.GetGrain<INodeGrain>("local-1");
        // Not awaited: the stop reaches the (reentrant) node while it prepares the folder and forks (or, as Orleans may
        // reorder the two calls, before the start: the start is then refused).
        var start = node.StartProcess(new ProcessStartRequest(Launch(jobId), 1));
        await node.StopProcess(jobId, 0, "the job ended");
        await start;

        await Eventually.WaitUntilAsync(
            async () => (await node.GetInfo()).Processes.All(p => p.JobId != jobId),
            "the process stopped while it was being started should be gone from its node",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task StopOvertakingItsStart_TheStartIsRefused()
    {
        // Orleans does not keep two calls in the order they were sent: the stop may reach the node first.
        var jobId = JobsHost.NewJobId();
        var node = _host.Grains.GetGrain<INodeGrain>("local-1");

        await node.StopProcess(jobId, 0, "the job ended");
        var start = await node.StartProcess(new ProcessStartRequest(Launch(jobId), 1));

        Assert.False(start.Started);
        Assert.Contains("was stopped before it started (the job ended)", start.Error, StringComparison.Ordinal);
        Assert.DoesNotContain((await node.GetInfo()).Processes, p => p.JobId == jobId);
    }

    private static WorkerLaunch Launch(string jobId) => new()
    {
        JobId = jobId,
        Index = 0,
        NodeId = "local-1",
        Command = "/bin/sh",
        Arguments = ["-c", "sleep 60"],
        ClusterCookie = "cookie",
        JobToken = "token",
    };
}
