using System.Globalization;
using JobHub.Contracts.Billing;

namespace JobHub.Cli.Output;

/// <summary>How <c>jobhub submit --estimate</c> reads.</summary>
internal static class EstimateText
{
    public static string Describe(JobEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var currency = JobText.Safe(estimate.Currency);
        var lines = new List<string>();
        if (estimate.WorkerNodeType is { } workerNodeType)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"node type:      {JobText.Safe(estimate.NodeType)} (the master, {estimate.NodeEquivalents:0.######} node(s) at {estimate.PricePerNodeHour:0.00####} {currency} per node-hour)"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"workers on:     {JobText.Safe(workerNodeType)} ({estimate.Processes - 1} worker(s), {estimate.WorkerNodeEquivalents:0.######} node(s) at {estimate.WorkerPricePerNodeHour:0.00####} {currency} per node-hour)"));
        }
        else
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"node type:      {JobText.Safe(estimate.NodeType)} ({estimate.Processes} process(es), {estimate.NodeEquivalents:0.######} node(s) at {estimate.PricePerNodeHour:0.00####} {currency} per node-hour)"));
        }

        lines.AddRange(
        [
            string.Create(CultureInfo.InvariantCulture, $"price per hour: {estimate.PricePerHour:0.00####} {currency}"),
            string.Create(CultureInfo.InvariantCulture, $"at time limit:  {estimate.CostAtTimeLimit:0.00####} {currency} ({estimate.TimeLimit:c})"),
            string.Create(CultureInfo.InvariantCulture, $"minimum charge: {estimate.MinimumAmount:0.00####} {currency} ({estimate.MinimumCharge:c})"),
        ]);
        if (estimate.CostLimit is { } limit)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"cost limit:     {limit:0.00####} {currency} (the job is stopped when it costs this much)"));
        }

        lines.Add("nothing was submitted");
        return string.Join(Environment.NewLine, lines);
    }
}
