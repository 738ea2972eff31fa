using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Jobs;
using JobHub.Grains.Tests.Infrastructure;

namespace JobHub.Grains.Tests;

/// <summary>
/// A job's reconcile (its reminder) can ask a node about a process between the process's exit and the worker
/// taking the exit report; the node must still know the process then, or a job that simply ended is failed as lost
/// (seen with a 2 s reconcile interval in the cluster tests).
/// </summary>
public sealed class NodeReconcileTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ProcessThatJustEnded_IsStillKnownToItsNode_SoAReconcileRacingItsExitReportFindsIt()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exit 0"));
        await _host.WaitForStateAsync(jobId, JobState.Completed);

        var process = await _host.Grains.GetGrain<INodeGrain>("local-1").GetProcess(jobId, 0);

        Assert.NotNull(process);
        Assert.Equal(1, process.Attempt);
        var worker = await _host.Grains.GetGrain<IWorkerGrain>(WorkerGrain.KeyOf(jobId, 0)).Reconcile();
        Assert.Equal(WorkerStatus.Exited, worker.Status);
        Assert.Equal(JobState.Completed, (await _host.Job(jobId).Get()).State);
    }
}
