using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;

namespace JobHub.Grains.Tests;

public sealed class SiloRestartTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunningJob_AfterASiloRestart_EndsWithTheReasonInsteadOfStayingStuck()
    {
        var spec = JobsHost.Shell("exec sleep 30") with
        {
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 1, ProcessesPerNode = 3, Pool = WorkerPoolKind.Elastic },
        };
        var (jobId, submitted) = await _host.SubmitAsync(spec);
        Assert.Equal(JobState.Running, submitted.State);

        await _host.RestartSiloAsync();
        var info = await _host.WaitForStateAsync(jobId, JobState.Failed);

        Assert.StartsWith("master ", info.Reason, StringComparison.Ordinal);
        Assert.Matches("lost|stopped", info.Reason);
        await Eventually.WaitUntilAsync(async () => (await _host.Job(jobId).GetWorkers()).All(w => w.Status.IsTerminal()), "every worker should have ended");
        await Eventually.WaitUntilAsync(
            async () => (await _host.Grains.GetGrain<INodePoolGrain>("local").GetInfo()).Nodes.All(n => n.Reservations == 0),
            "the job's reservations should be released");
    }
}
