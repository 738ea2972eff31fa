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
        var launch = new WorkerLaunch
        {
            JobId = jobId,
            Index = 0,
            NodeId = "local-1",
            Command = "/bin/sh",
            Arguments = ["-c", "sleep 60"],
            ClusterCookie = "cookie",
            JobToken = "token",
        };

        // Not awaited: the stop reaches the (reentrant) node while it prepares the folder and forks.
        var start = node.StartProcess(new ProcessStartRequest(launch, 1));
        await node.StopProcess(jobId, 0, "the job ended");
        await start;

        await Eventually.WaitUntilAsync(
            async () => (await node.GetInfo()).Processes.All(p => p.JobId != jobId),
            "the process stopped while it was being started should be gone from its node",
            TimeSpan.FromSeconds(10));
    }
}
