using JobHub.Grains.Scheduling.Pools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobHub.Scheduling.Tests;

public sealed class NodePoolsOptionsTests
{
    [Fact]
    public void Validator_BadValues_NamesEverySetting()
    {
        var options = new NodePoolsOptions
        {
            MaxClusterNodes = 0,
            FairShareHalfLife = TimeSpan.FromSeconds(1),
            GroupShareWeight = 11,
            DefaultUserVcpuCap = -1,
            EventsPerPool = 1,
            AutoscalerInterval = TimeSpan.Zero,
            Pools =
            {
                ["Bad/Name"] = new NodePoolOptions(),
                ["cpu"] = new NodePoolOptions
                {
                    Vcpu = 0,
                    MemoryMiB = 0,
                    Gpus = 65,
                    PricePerHour = -1,
                    MinNodes = -1,
                    MaxNodes = 10_001,
                    ScaleDownDelay = TimeSpan.FromDays(2),
                    ProvisioningTimeout = TimeSpan.FromSeconds(1),
                    MinimumBillingPeriod = TimeSpan.FromSeconds(-1),
                    MaxParallelStarts = 0,
                    Labels = ["Spot!"],
                    Provider = "aws",
                    Headroom = new NodePoolHeadroomOptions { Vcpu = -1, PercentOfReserved = 1001, FreeNodes = 20_000 },
                },
            },
        };

        var result = new NodePoolsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in new[]
        {
            "MaxClusterNodes", "FairShareHalfLife", "GroupShareWeight", "DefaultUserVcpuCap", "EventsPerPool", "AutoscalerInterval",
            "Pools[Bad/Name]", "Pools[cpu].Vcpu", "Pools[cpu].MemoryMiB", "Pools[cpu].Gpus", "Pools[cpu].PricePerHour", "Pools[cpu].MinNodes",
            "Pools[cpu].MaxNodes", "Pools[cpu].ScaleDownDelay", "Pools[cpu].ProvisioningTimeout", "Pools[cpu].MinimumBillingPeriod",
            "Pools[cpu].MaxParallelStarts", "Pools[cpu].Labels", "Pools[cpu].Provider", "Pools[cpu].Headroom.Vcpu",
            "Pools[cpu].Headroom.PercentOfReserved", "Pools[cpu].Headroom.FreeNodes",
        })
        {
            Assert.Contains("NodePoolsOptions." + setting + " ", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Configuration_BindsPoolsAndStopsAtStartOnBadValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["JobHub:NodePools:Pools:cpu:Vcpu"] = "32",
            ["JobHub:NodePools:Pools:cpu:MaxNodes"] = "1000",
            ["JobHub:NodePools:Pools:cpu:Headroom:FreeNodes"] = "2",
            ["JobHub:NodePools:Pools:cpu:Labels:0"] = "spot",
            ["JobHub:NodePools:Pools:big:Vcpu"] = "0",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddJobHubNodePools().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NodePoolsOptions>>().Value);

        Assert.Contains("NodePoolsOptions.Pools[big].Vcpu must be between 1 and 1024 (was 0).", error.Message, StringComparison.Ordinal);
        var cpu = PoolSpec.From("cpu", new NodePoolOptions { Vcpu = 32, MaxNodes = 1000, Labels = ["spot"] });
        Assert.True(cpu.IsSpot);
        Assert.Equal(32_000, cpu.NodeSize.MilliVcpu);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var options = new NodePoolsOptions { Pools = { ["cpu"] = new NodePoolOptions() } };

        Assert.True(new NodePoolsOptionsValidator().Validate(null, options).Succeeded);
    }
}
