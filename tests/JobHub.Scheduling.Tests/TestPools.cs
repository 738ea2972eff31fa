using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Scheduling.FairShare;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Requests;
using Microsoft.Extensions.Time.Testing;

namespace JobHub.Scheduling.Tests;

/// <summary>Pools, jobs and schedulers the tests share.</summary>
internal static class TestPools
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static PoolSpec Cpu(int maxNodes = 10, int vcpu = 8, decimal price = 1m) => new()
    {
        Name = "cpu",
        NodeSize = new ResourceAmount(vcpu * 1000L, vcpu * 4096L, 0),
        PricePerHour = price,
        MaxNodes = maxNodes,
    };

    public static PoolSpec Gpu(int maxNodes = 4) => new()
    {
        Name = "gpu",
        NodeSize = new ResourceAmount(16_000, 65_536, 4),
        PricePerHour = 10m,
        MaxNodes = maxNodes,
        Labels = ["gpu"],
    };

    public static PoolSpec Spot(int maxNodes = 10) => new()
    {
        Name = "spot",
        NodeSize = new ResourceAmount(8_000, 32_768, 0),
        PricePerHour = 0.3m,
        MaxNodes = maxNodes,
        Labels = [PoolSpec.SpotLabel],
    };

    public static FakeTimeProvider Clock() => new(Start);

    public static Scheduler Scheduler(FakeTimeProvider clock, SchedulerPolicy? policy = null, params PoolSpec[] pools) =>
        new(pools.Length == 0 ? [Cpu()] : pools, policy ?? new SchedulerPolicy(), clock);

    public static ResourceAmount Vcpu(decimal vcpu, long memoryMiB = 1024, int gpus = 0) => new((long)(vcpu * 1000), memoryMiB, gpus);

    /// <summary>A job of <paramref name="processes"/> processes of <paramref name="each"/>: elastic unless <paramref name="gang"/> &gt; 1 (fixed).</summary>
    public static PlacementRequest Job(string id, int processes, ResourceAmount each, string owner = "alice", int gang = 1, int priority = 0, PoolSelector? selector = null, ImmutableArray<string> groups = default)
    {
        var isFixed = gang > 1;
        return new PlacementRequest
        {
            JobId = id,
            Owner = owner,
            Groups = groups.IsDefault ? [] : groups,
            Priority = priority,
            Selector = selector ?? PoolSelector.Named("cpu"),
            Processes = [.. Enumerable.Range(0, processes).Select(i => new ProcessRequest(i, i == 0 ? WorkerRole.Master : WorkerRole.Worker, each, Critical: i == 0 || isFixed))],
            GangSize = gang,
            FixedPool = isFixed,
        };
    }

    public static void AddReadyNodes(Scheduler scheduler, string pool, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            scheduler.AddReadyNode($"{pool}-{i}", pool);
        }
    }
}
