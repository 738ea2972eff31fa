using JobHub.Cli.Output;
using JobHub.Contracts.Billing;

namespace JobHub.Client.Tests;

/// <summary>How <c>jobhub submit --estimate</c> reads an estimate whose workers run on another node type.</summary>
public sealed class EstimateTextTests
{
    [Fact]
    public void Describe_WorkersOnAnotherNodeType_ShowsTheMastersAndTheWorkersPoolEachWithItsPrice()
    {
        var estimate = new JobEstimate("cpu", 4, 0.5m, 2m, 1.75m, "USD", TimeSpan.FromHours(1), 1.75m, TimeSpan.FromMinutes(10), 0.291667m, null)
        {
            WorkerNodeType = "spot",
            WorkerNodeEquivalents = 1.5m,
            WorkerPricePerNodeHour = 0.5m,
        };

        var lines = EstimateText.Describe(estimate).Split(Environment.NewLine);

        Assert.Equal("node type:      cpu (the master, 0.5 node(s) at 2.00 USD per node-hour)", lines[0]);
        Assert.Equal("workers on:     spot (3 worker(s), 1.5 node(s) at 0.50 USD per node-hour)", lines[1]);
        Assert.Equal("price per hour: 1.75 USD", lines[2]);
    }
}
