using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Billing;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// An elastic job's workers on a spot pool beside its master's pool (<see cref="DistributedSpec.WorkerNodeType"/>,
/// issue 12), on a real silo with real processes and pools on the <c>simulated</c> provider (a simulation: no machine
/// starts; the node grains run the processes on this host): the spot pool scales up for the workers alone, a spot
/// interruption moves them to a new spot node while the master runs on, and each process is charged at its own pool's
/// price.
/// </summary>
public sealed class SpotWorkersTests : IAsyncLifetime
{
    /// <summary>Per node-hour of the master's pool; a test process (1 of a node's 2 vCPU) costs half.</summary>
    private const decimal OnDemandPrice = 36m;

    /// <summary>Per node-hour of the spot pool: a third of the on-demand price.</summary>
    private const decimal SpotPrice = 12m;

    private const string Script = """
        echo "started $JOBHUB_WORKER_INDEX"
        while [ ! -e "$FLAG" ]; do sleep 0.05; done
        """;

    private readonly InterruptibleCloud _cloud = new();
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(silo: s =>
    {
        s.Services.AddJobHubNodePools(o =>
        {
            o.AutoscalerInterval = TimeSpan.FromSeconds(1);

            // One on-demand node, never more: only the master fits there; the workers can only run on spot nodes.
            o.Pools["ondemand"] = Pool(OnDemandPrice, minNodes: 1, maxNodes: 1);
            o.Pools["spot"] = Pool(SpotPrice, minNodes: 0, maxNodes: 4);
            o.Pools["spot"].Labels = ["spot"];
        });
        _cloud.ReplaceIn(s.Services);
        s.Services.Configure<BillingOptions>(o => o.MinimumCharge = TimeSpan.Zero);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ElasticWorkersOnASpotPool_MoveToAnotherSpotNodeWhenTheirsIsInterrupted_AndEachProcessIsChargedAtItsPoolsPrice()
    {
        var flag = Path.Combine(_host.Root, "flag");
        var (jobId, _) = await _host.SubmitAsync(SpotJob(flag));

        // The master on the on-demand node; the spot pool starts nodes for the 3 workers (2 per node).
        var before = await _host.WaitForWorkersAsync(jobId, ws => ws.All(w => w.Status == WorkerStatus.Running), "the master and 3 workers should run", TimeSpan.FromSeconds(30));
        var onDemandNodes = (await Pool("ondemand").GetStatus()).Nodes.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        var spotNodes = (await Pool("spot").GetStatus()).Nodes.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(before[0].NodeId!, onDemandNodes);
        Assert.All(before.Skip(1), w => Assert.Contains(w.NodeId!, spotNodes));
        Assert.Contains(await Pool("spot").GetEvents(20), e => e.Kind == "scale-up");

        await Eventually.WaitUntilAsync(async () => (await _host.Job(jobId).Get()).BilledSeconds >= 4, "the job should run for 4 s", TimeSpan.FromSeconds(30));
        var victim = before[1].NodeId!;
        var lost = before.Where(w => w.NodeId == victim).ToList();
        _cloud.Interrupt("spot", victim);

        var after = await _host.WaitForWorkersAsync(
            jobId,
            ws => lost.All(l => ws[l.Index] is { Status: WorkerStatus.Running } w && w.NodeId != victim && w.Reason.Contains("(run 2 of this slot)", StringComparison.Ordinal)),
            $"workers {string.Join(", ", lost.Select(l => l.Index))} should run again on another spot node than {victim}",
            TimeSpan.FromSeconds(30));
        var spotNow = (await Pool("spot").GetStatus()).Nodes.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        Assert.All(lost, l => Assert.Contains(after[l.Index].NodeId!, spotNow));
        Assert.All(lost, l => Assert.Equal(0, after[l.Index].Restarts));
        Assert.Equal(before[0].Pid, after[0].Pid); // the master ran on, untouched
        Assert.Equal(JobState.Running, (await _host.Job(jobId).Get()).State);

        File.WriteAllText(flag, "done");
        await _host.WaitForStateAsync(jobId, JobState.Completed, TimeSpan.FromSeconds(20));

        // The master at half an on-demand node, each worker at half a spot node, by the second of each process.
        JobInfo? info = null;
        await Eventually.WaitUntilAsync(async () => (info = await _host.Job(jobId).Get()).CostFinal, "the job should have its final charge");
        var masterCost = info!.BilledSeconds * (OnDemandPrice / 2) / 3600m;
        var workerSeconds = (info.Cost - masterCost) * 3600m / (SpotPrice / 2);
        Assert.InRange(workerSeconds, (3 * info.BilledSeconds) - 10, 3 * info.BilledSeconds + 1);

        // Both pools gave everything back.
        await Eventually.WaitUntilAsync(
            async () => (await Pool("spot").GetStatus()).Nodes.All(n => n.CriticalProcesses == 0 && n.FreeVcpuPercent == 100)
                && (await Pool("ondemand").GetStatus()).Nodes.All(n => n.FreeVcpuPercent == 100),
            "both pools should be free once the job ended");
    }

    [Fact]
    public async Task Submit_RefusesWorkersOnAnotherPoolForAFixedPool_AndAnUnknownWorkerNodeType_CreatingNothing()
    {
        var spec = SpotJob(Path.Combine(_host.Root, "never"));

        var fixedPool = await Assert.ThrowsAsync<JobSpecRejectedException>(() => _host.SubmitAsync(spec with { Distributed = spec.Distributed! with { Pool = WorkerPoolKind.Fixed } }));
        Assert.Contains("Only an elastic pool's workers may run on another node type", Assert.Single(fixedPool.Errors["distributed.workerNodeType"]), StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<JobSpecRejectedException>(() => _host.SubmitAsync(spec with { Distributed = spec.Distributed! with { WorkerNodeType = "nowhere" } }));
        Assert.StartsWith("Unknown node type 'nowhere' (known: ondemand, spot)", Assert.Single(unknown.Errors["distributed.workerNodeType"]), StringComparison.Ordinal);

        // The master still may not run on the spot pool, and the refusal says where the workers may go instead.
        var onSpot = await Assert.ThrowsAsync<JobSpecRejectedException>(() => _host.SubmitAsync(spec with { NodeType = "spot" }));
        Assert.Contains("distributed.workerNodeType", Assert.Single(onSpot.Errors["nodeType"]), StringComparison.Ordinal);

        Assert.Empty((await Pool("spot").GetInfo()).Nodes);
        var listed = await _host.Services.GetRequiredService<IJobIndex>().ListAsync(new JobQuery(JobsHost.Owner, Limit: 10));
        Assert.Empty(listed.Jobs);
    }

    private static NodePoolOptions Pool(decimal price, int minNodes, int maxNodes) => new()
    {
        Vcpu = 2,
        MemoryMiB = 2048,
        PricePerHour = price,
        MinNodes = minNodes,
        MaxNodes = maxNodes,
        Provider = "simulated",
        ScaleDownDelay = TimeSpan.FromHours(1),
        ProvisioningTimeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>An elastic job of a master on <c>ondemand</c> and 3 workers on <c>spot</c>, 1 vCPU each, that run until <paramref name="flag"/> exists.</summary>
    private static JobSpec SpotJob(string flag) => JobsHost.Shell(Script) with
    {
        NodeType = "ondemand",
        Mode = JobMode.Distributed,
        Distributed = new DistributedSpec { Nodes = 4, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic, WorkerNodeType = "spot" },
        Environment = ImmutableDictionary<string, string>.Empty.Add("FLAG", flag),
    };

    private INodePoolGrain Pool(string name) => _host.Grains.GetGrain<INodePoolGrain>(name);
}
