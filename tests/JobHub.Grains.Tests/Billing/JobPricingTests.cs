using JobHub.Contracts.Jobs;
using JobHub.Grains.Billing;

namespace JobHub.Grains.Tests.Billing;

public sealed class JobPricingTests
{
    private static readonly NodeTypeSpec Cpu = new("cpu", Vcpu: 4, MemoryMiB: 8192, Gpus: 0, PricePerHour: 2m);
    private static readonly NodeTypeSpec Gpu = new("gpu", Vcpu: 8, MemoryMiB: 32768, Gpus: 4, PricePerHour: 10m);

    [Fact]
    public void NodeEquivalents_DefaultShares_AreTheNodesAskedFor()
    {
        var spec = new JobSpec { NodeType = "cpu", Command = "x", Mode = JobMode.Distributed, Distributed = new DistributedSpec { Nodes = 3, ProcessesPerNode = 3 } };

        Assert.Equal(3m, JobPricing.NodeEquivalents(spec, Cpu));
        Assert.Equal(6m, JobPricing.PricePerHour(spec, Cpu));
    }

    [Fact]
    public void PricePerHour_WithWorkersOnAnotherNodeType_ChargesTheMasterAtItsTypeAndTheWorkersAtTheirs()
    {
        var spot = Cpu with { Name = "spot", PricePerHour = 0.5m };
        var spec = new JobSpec
        {
            NodeType = "cpu",
            Command = "x",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 2, Pool = WorkerPoolKind.Elastic, WorkerNodeType = "spot" },
        };

        // Each process is half a node: the master half a cpu node (1.00), 3 workers 1.5 spot nodes (0.75).
        Assert.Equal(1.75m, JobPricing.PricePerHour(spec, Cpu, spot, 4));
        Assert.Equal(JobPricing.PricePerHour(spec, Cpu, 4), JobPricing.PricePerHour(spec, Cpu, Cpu, 4));
    }

    [Fact]
    public void NodeShare_IsTheLargestOfTheVcpuMemoryAndGpuShares()
    {
        Assert.Equal(0.25m, JobPricing.NodeShare(new ProcessResources(1, 1024), Cpu)); // vCPU 1/4 beats memory 1/8
        Assert.Equal(0.5m, JobPricing.NodeShare(new ProcessResources(1, 4096), Cpu)); // memory 1/2 beats vCPU 1/4
        Assert.Equal(0.75m, JobPricing.NodeShare(new ProcessResources(1, 1024, Gpus: 3), Gpu)); // GPUs 3/4
    }

    [Fact]
    public void NodeShare_OfAProcessLargerThanANode_IsOneNode()
    {
        Assert.Equal(1m, JobPricing.NodeShare(new ProcessResources(64, 1_000_000), Cpu));
    }

    [Fact]
    public void Amount_IsRoundedToSixPlaces_AndCumulativeChargesSumExactly()
    {
        const decimal PricePerHour = 0.37m; // 0.000102777... per second: every entry rounds
        var charged = 0m;
        long seconds = 0;
        foreach (var step in new long[] { 7, 13, 60, 1, 59, 790 })
        {
            seconds += step;
            charged += JobPricing.Amount(seconds, PricePerHour) - charged;
        }

        Assert.Equal(930, seconds);
        Assert.Equal(0.095583m, JobPricing.Amount(930, PricePerHour));
        Assert.Equal(JobPricing.Amount(930, PricePerHour), charged);
    }

    [Fact]
    public void WholeSeconds_CountsOnlyFinishedSeconds()
    {
        Assert.Equal(930, JobPricing.WholeSeconds(TimeSpan.FromSeconds(930.999)));
        Assert.Equal(0, JobPricing.WholeSeconds(TimeSpan.FromSeconds(-5)));
    }

    [Fact]
    public void BillingOptionsValidator_BadValues_NamesEveryProperty()
    {
        var result = new BillingOptionsValidator().Validate(null, new BillingOptions
        {
            MinimumCharge = TimeSpan.FromDays(2),
            MeterInterval = TimeSpan.FromMilliseconds(10),
            QuotaDirectoryRefresh = TimeSpan.FromMinutes(5),
            Currency = "dollars",
        });

        Assert.True(result.Failed);
        foreach (var property in new[] { "MinimumCharge", "MeterInterval", "QuotaDirectoryRefresh", "Currency" })
        {
            Assert.Contains("BillingOptions." + property, result.FailureMessage, StringComparison.Ordinal);
        }

        Assert.True(new BillingOptionsValidator().Validate(null, new BillingOptions()).Succeeded);
    }
}
