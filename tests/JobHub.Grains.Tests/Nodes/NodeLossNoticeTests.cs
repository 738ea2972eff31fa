using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// A pool's word to a job that a node was lost is kept until the job acknowledges it (issue 12): when the first notice
/// never arrives (dropped on the way, as a silo dying between removing the node and telling the job would), the pool
/// tells the job again and its workers run on another node, long before any reconcile would notice. On a real silo
/// with real processes and a pool on the <c>simulated</c> provider (a simulation: the node grains run the processes on
/// this host).
/// </summary>
public sealed class NodeLossNoticeTests : IAsyncLifetime
{
    private const string Script = """
        echo "started $JOBHUB_WORKER_INDEX"
        while [ ! -e "$FLAG" ]; do sleep 0.05; done
        """;

    private readonly InterruptibleCloud _cloud = new();
    private readonly DroppedNotices _dropped = new();
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        // No reconcile reminder within the test: only the pool's notice can move the lost workers.
        jobs: o => o.ReconcileReminderDelay = TimeSpan.FromMinutes(10),
        silo: s =>
        {
            s.Services.AddJobHubNodePools(o =>
            {
                o.AutoscalerInterval = TimeSpan.FromSeconds(1);
                o.Pools["sim"] = new NodePoolOptions
                {
                    Vcpu = 2,
                    MemoryMiB = 2048,
                    PricePerHour = 1m,
                    MinNodes = 3,
                    MaxNodes = 4,
                    Provider = "simulated",
                    ScaleDownDelay = TimeSpan.FromHours(1),
                    ProvisioningTimeout = TimeSpan.FromMinutes(1),
                };
            });
            _cloud.ReplaceIn(s.Services);
            s.Services.AddSingleton<IIncomingGrainCallFilter>(_dropped);
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ALossNoticeThatNeverArrives_IsSentAgain_AndTheLostWorkersRunOnAnotherNode()
    {
        await Eventually.WaitUntilAsync(async () => (await Pool.GetStatus()).Nodes.Count(n => n.State == "ready") >= 3, "pool sim should have 3 ready nodes");
        var flag = Path.Combine(_host.Root, "flag");
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell(Script) with
        {
            NodeType = "sim",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 4, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic },
            Environment = ImmutableDictionary<string, string>.Empty.Add("FLAG", flag),
        });
        var before = await _host.WaitForWorkersAsync(jobId, ws => ws.All(w => w.Status == WorkerStatus.Running), "all 4 processes should run");
        var victim = before.First(w => w.NodeId != before[0].NodeId).NodeId!;
        var lost = before.Where(w => w.NodeId == victim).Select(w => w.Index).ToList();

        _dropped.Arm();
        _cloud.Interrupt("sim", victim);

        var after = await _host.WaitForWorkersAsync(
            jobId,
            ws => lost.All(i => ws[i] is { Status: WorkerStatus.Running } w && w.NodeId != victim && w.Reason.Contains("(run 2 of this slot)", StringComparison.Ordinal)),
            $"workers {string.Join(", ", lost)} should run again on another node than {victim}");
        Assert.Equal(1, _dropped.Count);
        Assert.All(lost, i => Assert.Equal(0, after[i].Restarts));

        File.WriteAllText(flag, "done");
        await _host.WaitForStateAsync(jobId, JobState.Completed, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ALateNoticeForANodeIdThatCameBack_LeavesTheProcessesPlacedThereSince_Alone()
    {
        await Eventually.WaitUntilAsync(async () => (await Pool.GetStatus()).Nodes.Count(n => n.State == "ready") >= 3, "pool sim should have 3 ready nodes");
        var removedAt = TimeProvider.System.GetUtcNow();
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell(Script) with
        {
            NodeType = "sim",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic },
            Environment = ImmutableDictionary<string, string>.Empty.Add("FLAG", Path.Combine(_host.Root, "flag")),
        });
        var running = await _host.WaitForWorkersAsync(jobId, ws => ws.All(w => w.Status == WorkerStatus.Running), "both processes should run");

        // A notice of a node of that id removed before the job placed anything there (the local provider reuses ids).
        await _host.Job(jobId).OnNodeLost(new NodeLoss(running[1].NodeId!, $"node {running[1].NodeId} was stopped by the autoscaler (scale-down of pool sim)", [1]) { Pool = "sim", At = removedAt });
        await Eventually.WaitUntilAsync(() => Task.FromResult(_dropped.Handled >= 1), "the job should have handled the notice");

        var after = await _host.Job(jobId).GetWorkers();
        Assert.Equal((WorkerStatus.Running, running[1].Pid), (after[1].Status, after[1].Pid));
        Assert.DoesNotContain(await _host.Job(jobId).GetHistory(), t => t.Reason.Contains("lost with it", StringComparison.Ordinal));
        await _host.Job(jobId).Stop(JobsHost.Owner, "test over");
    }

    private INodePoolGrain Pool => _host.Grains.GetGrain<INodePoolGrain>("sim");

    /// <summary>
    /// Once armed, drops the next node-loss notice to a job, as a silo that died on the way would; counts the notices
    /// jobs handled.
    /// </summary>
    private sealed class DroppedNotices : IIncomingGrainCallFilter
    {
        private int _armed;
        private int _count;
        private int _handled;

        public int Count => Volatile.Read(ref _count);

        public int Handled => Volatile.Read(ref _handled);

        public void Arm() => Volatile.Write(ref _armed, 1);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is IJobGrain && context.MethodName == nameof(IJobGrain.OnNodeLost) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Interlocked.Increment(ref _count);
                return Task.CompletedTask;
            }

            return context.Grain is IJobGrain && context.MethodName == nameof(IJobGrain.OnNodeLost) ? InvokeAndCountAsync(context) : context.Invoke();
        }

        private async Task InvokeAndCountAsync(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            Interlocked.Increment(ref _handled);
        }
    }
}
