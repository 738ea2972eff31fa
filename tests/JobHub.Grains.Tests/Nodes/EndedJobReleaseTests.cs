using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// A job that ends gives its node pool all its processes back in one release once the last has stopped (issue 12), not
/// one release per stopped process: the pool writes its whole state after each release, so a 16-process job ending
/// would otherwise cost it 16 writes. On a real silo with real processes and a pool on the <c>simulated</c> provider (a
/// simulation: the node grains run the processes on this host).
/// </summary>
public sealed class EndedJobReleaseTests : IAsyncLifetime
{
    private readonly InterruptibleCloud _cloud = new();
    private readonly PoolReleases _releases = new();
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(silo: s =>
    {
        s.Services.AddJobHubNodePools(o =>
        {
            o.AutoscalerInterval = TimeSpan.FromSeconds(1);
            o.Pools["sim"] = new NodePoolOptions
            {
                Vcpu = 8,
                MemoryMiB = 8192,
                PricePerHour = 1m,
                MinNodes = 2,
                MaxNodes = 2,
                Provider = "simulated",
                ScaleDownDelay = TimeSpan.FromHours(1),
                ProvisioningTimeout = TimeSpan.FromMinutes(1),
            };
        });
        _cloud.ReplaceIn(s.Services);
        s.Services.AddSingleton<IIncomingGrainCallFilter>(_releases);
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AStoppedJob_GivesItsSixteenProcessesBack_InOneRelease_WhenTheLastHasStopped()
    {
        await Eventually.WaitUntilAsync(async () => (await Pool.GetStatus()).Nodes.Count(n => n.State == "ready") == 2, "pool sim should have 2 ready nodes");
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exec sleep 600") with
        {
            NodeType = "sim",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 16, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic },
        });
        var running = await _host.WaitForWorkersAsync(jobId, ws => ws.Count == 16 && ws.All(w => w.Status == WorkerStatus.Running), "all 16 processes should run");
        Assert.Equal(0m, Assert.Single((await Pool.GetStatus()).Pools).FreeVcpu);

        await _host.Job(jobId).Stop(JobsHost.Owner, "test over");

        await Eventually.WaitUntilAsync(async () => (await Pool.GetStatus()).Pools.Single().FreeVcpu == 16m, "the pool should have all 16 vCPU free again");
        Assert.All(running, w => Assert.False(Directory.Exists($"/proc/{w.Pid}"), $"process {w.Index} (pid {w.Pid}) should be gone"));
        Assert.Equal((0, 1), _releases.Of(jobId));
    }

    private INodePoolGrain Pool => _host.Grains.GetGrain<INodePoolGrain>("sim");

    /// <summary>Counts the releases a pool is asked for, by job: one process's, and a whole job's.</summary>
    private sealed class PoolReleases : IIncomingGrainCallFilter
    {
        private readonly Dictionary<string, (int Processes, int Jobs)> _byJob = new(StringComparer.Ordinal);

        public (int Processes, int Jobs) Of(string jobId)
        {
            lock (_byJob)
            {
                return _byJob.GetValueOrDefault(jobId);
            }
        }

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is INodePoolGrain && context.Request.GetArgumentCount() > 0 && context.Request.GetArgument(0) is string jobId
                && context.MethodName is nameof(INodePoolGrain.Release) or nameof(INodePoolGrain.ReleaseJob))
            {
                lock (_byJob)
                {
                    var (processes, jobs) = _byJob.GetValueOrDefault(jobId);
                    _byJob[jobId] = context.MethodName == nameof(INodePoolGrain.Release) ? (processes + 1, jobs) : (processes, jobs + 1);
                }
            }

            return context.Invoke();
        }
    }
}
