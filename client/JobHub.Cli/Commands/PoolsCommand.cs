using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Cluster;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub pools events POOL [--limit N] [--json]</c>: a pool's scaling decisions and node incidents, oldest first.</summary>
internal static class PoolsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var pools = new Command("pools", "Node pools");
        var pool = new Argument<string>("pool") { Description = "The pool (node type) name" };
        var limit = new Option<int>("--limit")
        {
            Description = $"How many of the last events (1-{ClusterLimits.MaxEventLimit})",
            DefaultValueFactory = _ => ClusterLimits.DefaultEventLimit,
            HelpName = "n",
        };
        var json = new Option<bool>("--json") { Description = "Print the events as JSON" };
        var events = new Command("events", "A pool's scaling events (scale-up, scale-down, node-replaced, ...), oldest first") { pool, limit, json };
        events.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var result = await client.GetPoolEventsAsync(parse.GetRequiredValue(pool), parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(
                Console.Out,
                ["TIME", "KIND", "COUNT", "NODES", "COST/HOUR", "REASON"],
                result.Select(e => (IReadOnlyList<string>)
                [
                    e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    e.Kind,
                    e.Count.ToString(CultureInfo.InvariantCulture),
                    string.Join(",", e.NodeIds),
                    e.CostPerHourChange.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture),
                    e.Reason,
                ]));
            return ExitCodes.Success;
        });
        pools.Subcommands.Add(events);
        return pools;
    }
}
