using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Billing;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// A node that leaves its pool takes its processes with it (issue 12), on a real silo with real processes and pools on
/// the <c>simulated</c> provider (a simulation: no machine starts; the node grains run the processes on this host):
/// the node's processes are killed, its elastic workers end lost and run again on another node without counting a
/// restart, and the job completes; a lost master or fixed-pool worker fails its job naming the node; the autoscaler stops a node that holds
/// only elastic workers, never the master's; a spot pool is refused at submit.
/// </summary>
public sealed class NodeLossTests : IAsyncLifetime
{
    /// <summary>Per node-hour; a test process (1 of a node's 2 vCPU) costs half.</summary>
    private const decimal NodePrice = 36m;

    private const decimal ProcessPrice = NodePrice / 2;

    /// <summary>Every process says it started, then runs until the flag file exists (workers 1 and 2 of the scale-down test until theirs).</summary>
    private const string Script = """
        echo "started $JOBHUB_WORKER_INDEX"
        flag="$FLAG"
        if [ -n "$EARLY" ] && [ "$JOBHUB_WORKER_INDEX" -ge 1 ] && [ "$JOBHUB_WORKER_INDEX" -le 2 ]; then flag="$EARLY"; fi
        while [ ! -e "$flag" ]; do sleep 0.05; done
        """;

    private readonly InterruptibleCloud _cloud = new();
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(silo: s =>
    {
        s.Services.AddJobHubNodePools(o =>
        {
            o.AutoscalerInterval = TimeSpan.FromSeconds(1);

            // Three ready nodes of 2 vCPU, kept: a 4-process job fills two, the third takes what a lost node held.
            o.Pools["sim"] = Pool(vcpu: 2, minNodes: 3, scaleDownDelay: TimeSpan.FromHours(1));

            // Nodes of 3 vCPU started for the work and stopped 2 s after they are no longer needed.
            o.Pools["shrink"] = Pool(vcpu: 3, minNodes: 0, scaleDownDelay: TimeSpan.FromSeconds(2));
            o.Pools["spot"] = Pool(vcpu: 2, minNodes: 0, scaleDownDelay: TimeSpan.FromHours(1));
            o.Pools["spot"].Labels = ["spot"];
        });
        _cloud.ReplaceIn(s.Services);
        s.Services.Configure<BillingOptions>(o => o.MinimumCharge = TimeSpan.Zero);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task InterruptedNode_KillsItsElasticWorkers_WhichEndLostAndRunAgainOnAnotherNode_AndTheJobCompletes()
    {
        await WaitForReadyNodesAsync("sim", 3);
        var flag = Path.Combine(_host.Root, "flag");
        var (jobId, _) = await _host.SubmitAsync(Elastic("sim", flag));
        var before = await _host.WaitForWorkersAsync(jobId, ws => ws.All(w => w.Status == WorkerStatus.Running), "all 4 processes should run");
        var master = before[0].NodeId!;
        var victim = before.First(w => w.NodeId != master).NodeId!;
        var lost = before.Where(w => w.NodeId == victim).ToList();
        Assert.Equal(2, lost.Count);

        // Let the lost runs hold their share a while: their seconds must stay charged.
        await Eventually.WaitUntilAsync(async () => (await _host.Job(jobId).Get()).BilledSeconds >= 8, "the job should run for 8 s", TimeSpan.FromSeconds(30));
        _cloud.Interrupt("sim", victim);
        await Eventually.WaitUntilAsync(async () => (await Pool("sim").GetEvents(20)).Any(e => e.Kind == "node-interrupted"), $"{victim} should be interrupted");
        await _host.Job(jobId).Reconcile(); // racing the loss: nothing may start twice

        var after = await _host.WaitForWorkersAsync(
            jobId,
            ws => lost.All(l => ws[l.Index] is { Status: WorkerStatus.Running } w && w.NodeId != victim && w.Reason.Contains("(run 2 of this slot)", StringComparison.Ordinal)),
            $"workers {string.Join(", ", lost.Select(l => l.Index))} should run again on another node than {victim}");

        foreach (var worker in lost)
        {
            Assert.False(Directory.Exists($"/proc/{worker.Pid}"), $"the first process of worker {worker.Index} (pid {worker.Pid}) should have been killed with {victim}");
            Assert.Equal(0, after[worker.Index].Restarts); // a node's loss is not the worker's failure
        }

        Assert.Equal(master, after[0].NodeId);
        await _host.Job(jobId).Reconcile(); // after it: changes nothing
        var reconciled = await _host.Job(jobId).GetWorkers();
        Assert.All(lost, l => Assert.Equal(after[l.Index].Pid, reconciled[l.Index].Pid));
        var history = await _host.Job(jobId).GetHistory();
        Assert.Contains(history, t => t.Reason == $"node {victim} was interrupted (spot capacity reclaimed by the (simulated) provider): processes {lost[0].Index}, {lost[1].Index} lost with it, placed again on other nodes (not counted as restarts)");
        Assert.Contains(await Pool("sim").GetEvents(20), e => e.Kind == "node-interrupted" && e.NodeIds.SequenceEqual([victim]));

        File.WriteAllText(flag, "done");
        var ended = await _host.WaitForStateAsync(jobId, JobState.Completed, TimeSpan.FromSeconds(20));

        // The lost runs' lines stay in the job's log next to the new runs'.
        var lines = (await _host.Logs.ReadAsync(jobId, 0, 1000)).Select(e => (e.WorkerIndex, e.Text)).ToList();
        foreach (var worker in lost)
        {
            Assert.Equal(2, lines.Count(l => l == (worker.Index, $"started {worker.Index}")));
        }

        // Charged by the process: the lost runs' seconds too (dropping them would take 2 × 8 s off).
        JobInfo? info = null;
        await Eventually.WaitUntilAsync(async () => (info = await _host.Job(jobId).Get()).CostFinal, "the job should have its final charge");
        var processSeconds = info!.Cost * 3600m / ProcessPrice;
        Assert.InRange(processSeconds, (4 * info.BilledSeconds) - 10, 4 * info.BilledSeconds);
        Assert.Equal(JobState.Completed, ended.State);
    }

    [Fact]
    public async Task InterruptedNodeOfTheMaster_FailsTheJob_NamingTheNode()
    {
        await WaitForReadyNodesAsync("sim", 3);
        var (jobId, _) = await _host.SubmitAsync(Elastic("sim", Path.Combine(_host.Root, "never")));
        var running = await _host.WaitForWorkersAsync(jobId, ws => ws.All(w => w.Status == WorkerStatus.Running), "all 4 processes should run");
        var master = running[0].NodeId!;

        _cloud.Interrupt("sim", master);

        var failed = await _host.WaitForStateAsync(jobId, JobState.Failed, TimeSpan.FromSeconds(20));
        Assert.Equal($"master lost: node {master} was interrupted (spot capacity reclaimed by the (simulated) provider)", failed.Reason);
        Assert.False(Directory.Exists($"/proc/{running[0].Pid}"), "the master should have been killed with its node");
        await Eventually.WaitUntilAsync(async () => (await _host.Job(jobId).GetWorkers()).All(w => w.Status.IsTerminal()), "every process of the failed job should be over");
    }

    [Fact]
    public async Task InterruptedNodeOfFixedPoolWorkers_FailsTheJob_NamingTheNode()
    {
        await WaitForReadyNodesAsync("sim", 3);
        var spec = Elastic("sim", Path.Combine(_host.Root, "never"));
        var (jobId, _) = await _host.SubmitAsync(spec with { Distributed = spec.Distributed! with { Pool = WorkerPoolKind.Fixed } });
        var running = await _host.WaitForWorkersAsync(jobId, ws => ws.All(w => w.Status == WorkerStatus.Running), "all 4 processes should run");
        var victim = running.First(w => w.NodeId != running[0].NodeId).NodeId!;
        var first = running.First(w => w.NodeId == victim).Index;

        _cloud.Interrupt("sim", victim);

        var failed = await _host.WaitForStateAsync(jobId, JobState.Failed, TimeSpan.FromSeconds(20));
        Assert.Equal($"worker {first} lost: node {victim} was interrupted (spot capacity reclaimed by the (simulated) provider); a fixed pool's workers are critical", failed.Reason);
    }

    [Fact]
    public async Task ScaleDown_StopsANodeHoldingOnlyElasticWorkers_ThoseRunAgainOnTheMastersNode_WhichIsNeverStopped()
    {
        var flag = Path.Combine(_host.Root, "flag");
        var early = Path.Combine(_host.Root, "early");
        var spec = Elastic("shrink", flag);
        spec = spec with { Environment = spec.Environment.Add("EARLY", early) };
        var (jobId, _) = await _host.SubmitAsync(spec);

        // Two nodes of 3 vCPU start: the master and workers 1, 2 fill one, worker 3 runs alone on the other.
        var before = await _host.WaitForWorkersAsync(jobId, ws => ws.All(w => w.Status == WorkerStatus.Running), "all 4 processes should run", TimeSpan.FromSeconds(30));
        var master = before[0].NodeId!;
        Assert.Equal([master, master], before.Where(w => w.Index is 1 or 2).Select(w => w.NodeId!));
        var elastic = before[3].NodeId!;
        Assert.NotEqual(master, elastic);
        var nodes = (await Pool("shrink").GetStatus()).Nodes.ToDictionary(n => n.NodeId);
        Assert.Equal(1, nodes[master].CriticalProcesses);
        Assert.Equal(0, nodes[elastic].CriticalProcesses);

        // Workers 1 and 2 end: worker 3 now fits beside the master, so its node is no longer needed.
        File.WriteAllText(early, "go");
        var after = await _host.WaitForWorkersAsync(
            jobId,
            ws => ws[3] is { Status: WorkerStatus.Running } w && w.NodeId == master && w.Reason.Contains("(run 2 of this slot)", StringComparison.Ordinal),
            $"worker 3 should run again on the master's node {master} once {elastic} is stopped",
            TimeSpan.FromSeconds(30));
        Assert.Equal(0, after[3].Restarts);
        Assert.False(Directory.Exists($"/proc/{before[3].Pid}"), "worker 3's first process should have been killed with its node");
        Assert.Equal(before[0].Pid, after[0].Pid); // the master ran on, untouched
        var events = await Pool("shrink").GetEvents(20);
        var scaleDown = Assert.Single(events, e => e.Kind == "scale-down");
        Assert.Equal(elastic, Assert.Single(scaleDown.NodeIds));
        Assert.Contains(await _host.Job(jobId).GetHistory(), t => t.Reason.StartsWith($"node {elastic} was stopped by the autoscaler (scale-down of pool shrink): process 3 lost with it", StringComparison.Ordinal));

        File.WriteAllText(flag, "done");
        await _host.WaitForStateAsync(jobId, JobState.Completed, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Submit_RefusesAJobOnASpotPool_NamingTheRule()
    {
        var refused = await Assert.ThrowsAsync<JobSpecRejectedException>(() => _host.SubmitAsync(Elastic("spot", Path.Combine(_host.Root, "never"))));

        Assert.Contains("a spot pool holds only elastic workers", Assert.Single(refused.Errors["nodeType"]), StringComparison.Ordinal);
        Assert.Empty((await Pool("spot").GetInfo()).Nodes);
    }

    private static NodePoolOptions Pool(int vcpu, int minNodes, TimeSpan scaleDownDelay) => new()
    {
        Vcpu = vcpu,
        MemoryMiB = 2048,
        PricePerHour = NodePrice,
        MinNodes = minNodes,
        MaxNodes = 4,
        Provider = "simulated",
        ScaleDownDelay = scaleDownDelay,
        ProvisioningTimeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>An elastic job of a master and 3 workers, 1 vCPU each, that run until <paramref name="flag"/> exists.</summary>
    private static JobSpec Elastic(string pool, string flag) => JobsHost.Shell(Script) with
    {
        NodeType = pool,
        Mode = JobMode.Distributed,
        Distributed = new DistributedSpec { Nodes = 4, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic },
        Environment = ImmutableDictionary<string, string>.Empty.Add("FLAG", flag),
    };

    private INodePoolGrain Pool(string name) => _host.Grains.GetGrain<INodePoolGrain>(name);

    private async Task WaitForReadyNodesAsync(string pool, int count) =>
        await Eventually.WaitUntilAsync(async () => (await Pool(pool).GetStatus()).Nodes.Count(n => n.State == "ready") >= count, $"pool {pool} should have {count} ready nodes");
}
