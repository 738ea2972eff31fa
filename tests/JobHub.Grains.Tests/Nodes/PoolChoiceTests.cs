using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.Grains.Hosting;
using JobHub.Grains.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>A job that gives constraints instead of a pool runs on the cheapest pool that meets them and can hold it.</summary>
public sealed class PoolChoiceTests
{
    private static readonly NodeTypeCatalog Catalog = new(
        Options.Create(new LocalNodesOptions()),
        Options.Create(new NodePoolsOptions
        {
            Pools =
            {
                ["cpu"] = new NodePoolOptions { Vcpu = 8, MemoryMiB = 32_768, PricePerHour = 0.4m, MaxNodes = 4, Provider = "simulated" },
                ["big"] = new NodePoolOptions { Vcpu = 64, MemoryMiB = 262_144, PricePerHour = 3m, MaxNodes = 2, Labels = ["high-memory"], Provider = "simulated" },
                ["gpu"] = new NodePoolOptions { Vcpu = 16, MemoryMiB = 65_536, Gpus = 4, PricePerHour = 2.5m, MaxNodes = 2, Provider = "simulated" },
            },
        }));

    [Theory]
    [InlineData(4, 0, 0, null, "cpu")] // every pool meets it: the cheapest
    [InlineData(0, 0, 1, null, "gpu")]
    [InlineData(16, 0, 0, null, "gpu")] // cpu is too small; gpu is cheaper than big
    [InlineData(0, 100_000, 0, null, "big")]
    [InlineData(0, 0, 0, "high-memory", "big")]
    public void Constraints_ChooseTheCheapestPoolThatMeetsThem(int minVcpu, long minMemoryMiB, int minGpus, string? label, string expected)
    {
        var (spec, problem) = PoolChoice.Choose(Catalog, Job(new PoolConstraints { MinVcpu = minVcpu, MinMemoryMiB = minMemoryMiB, MinGpus = minGpus, Labels = label is null ? [] : [label] }));

        Assert.Null(problem);
        Assert.Equal(expected, spec.NodeType);
    }

    [Fact]
    public void APoolThatCannotHoldTheJob_IsPassedOver()
    {
        // 12 processes of 8 vCPU, all at once: cpu (4 nodes × 1) and gpu (2 nodes × 2) cannot hold them; big (2 × 8) can.
        var job = Job(new PoolConstraints { MinVcpu = 8 }) with
        {
            Mode = JobMode.Distributed,
            ProcessResources = new ProcessResources(8, 1024),
            Distributed = new DistributedSpec { Nodes = 12, ProcessesPerNode = 1, Pool = WorkerPoolKind.Fixed },
        };

        Assert.Equal("big", PoolChoice.Choose(Catalog, job).Spec.NodeType);
    }

    [Fact]
    public void NoPoolMeetsTheConstraints_IsRefusedNamingThem()
    {
        var (spec, problem) = PoolChoice.Choose(Catalog, Job(new PoolConstraints { MinGpus = 8 }));

        Assert.Equal(string.Empty, spec.NodeType);
        Assert.Contains("No node pool meets the constraints (at least 0 vCPU, 0 MiB, 8 GPU per node; labels none)", problem, StringComparison.Ordinal);
        Assert.Contains("pools: big, cpu, gpu", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ANamedPool_MustMeetTheConstraintsToo()
    {
        Assert.Contains("Pool 'cpu' does not meet the constraints", PoolChoice.Choose(Catalog, Job(new PoolConstraints { MinGpus = 1 }) with { NodeType = "cpu" }).Problem, StringComparison.Ordinal);
        Assert.Null(PoolChoice.Choose(Catalog, Job(new PoolConstraints { MinGpus = 1 }) with { NodeType = "gpu" }).Problem);
    }

    [Fact]
    public void Validator_BoundsTheConstraints_AndAcceptsThemInsteadOfANodeType()
    {
        var bad = Job(new PoolConstraints { MinVcpu = 5000, MinMemoryMiB = -1, MinGpus = 65, Labels = ["ok", "not ok"] });

        var errors = JobSpecValidator.Validate(bad, nodeTypes: null).Errors;

        Assert.Equal(["constraints.labels", "constraints.minGpus", "constraints.minMemoryMiB", "constraints.minVcpu"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.True(JobSpecValidator.Validate(Job(new PoolConstraints { MinVcpu = 4 }), nodeTypes: null).IsValid);
        Assert.Contains("nodeType", JobSpecValidator.Validate(Job(null), nodeTypes: null).Errors.Keys);
    }

    private static JobSpec Job(PoolConstraints? constraints) => JobsHost.Shell("exit 0") with { NodeType = string.Empty, ProcessResources = null, Constraints = constraints };
}
