using JobHub.Grains.Hosting;
using JobHub.Grains.Logs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace JobHub.Grains.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void JobsOptionsValidator_BadValues_NamesEveryProperty()
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions
        {
            FixedPoolStartDeadline = TimeSpan.Zero,
            RestartBackoff = TimeSpan.FromSeconds(-1),
            MaxRestartBackoff = TimeSpan.FromSeconds(-2),
            MaxWorkerRestarts = -1,
            StopGracePeriod = TimeSpan.FromHours(1),
            ReconcileInterval = TimeSpan.Zero,
        });

        Assert.True(result.Failed);
        foreach (var property in new[] { "FixedPoolStartDeadline", "RestartBackoff", "MaxRestartBackoff", "MaxWorkerRestarts", "StopGracePeriod", "ReconcileInterval" })
        {
            Assert.Contains("JobsOptions." + property, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LocalNodesOptionsValidator_BadValues_NamesEveryProperty()
    {
        var result = new LocalNodesOptionsValidator().Validate(null, new LocalNodesOptions
        {
            PoolName = "",
            NodeCount = 0,
            VcpuPerNode = 0,
            MemoryMiBPerNode = 0,
            GpusPerNode = -1,
            PricePerHour = -1,
        });

        Assert.True(result.Failed);
        foreach (var property in new[] { "PoolName", "NodeCount", "VcpuPerNode", "MemoryMiBPerNode", "GpusPerNode", "PricePerHour" })
        {
            Assert.Contains("LocalNodesOptions." + property, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_AreValidAndSizedToThisMachine()
    {
        var nodes = new LocalNodesOptions();

        Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions()).Succeeded);
        Assert.True(new LocalNodesOptionsValidator().Validate(null, nodes).Succeeded);
        Assert.Equal(1, nodes.NodeCount);
        Assert.Equal(Environment.ProcessorCount, nodes.VcpuPerNode);
    }

    [Fact]
    public void AddJobHubGrains_CalledTwice_RegistersOnceAndKeepsTheChosenLogStore()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseInMemoryJobLogs().AddJobHubGrains().AddJobHubGrains(o => o.MaxWorkerRestarts = 5));
        var services = builder.Services;

        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryJobLogStore>(provider.GetRequiredService<IJobLogStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IJobLogStore));
        Assert.Equal(5, provider.GetRequiredService<IOptions<JobsOptions>>().Value.MaxWorkerRestarts);
    }
}
