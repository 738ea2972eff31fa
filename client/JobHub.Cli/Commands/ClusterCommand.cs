using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Cluster;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub cluster status [--json]</c>: pools, nodes with free resources in %, waiting processes by reason, pending jobs (like JuliaRun's <c>status(ctx)</c>).</summary>
internal static class ClusterCommand
{
    public static Command Create(GlobalOptions global)
    {
        var cluster = new Command("cluster", "The cluster's node pools and nodes");
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var status = new Command("status", "Pools, nodes with free vCPU/memory/GPU in %, processes waiting by reason, and pending jobs") { json };
        status.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var result = await client.GetClusterStatusAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, JobHubJson.Options));
            }
            else
            {
                Write(Console.Out, result);
            }

            return ExitCodes.Success;
        });
        cluster.Subcommands.Add(status);
        return cluster;
    }

    /// <summary>The status as four small tables: pools, nodes, waiting processes by reason, pending jobs.</summary>
    internal static void Write(TextWriter output, ClusterStatusInfo status)
    {
        output.WriteLine("Pools");
        if (status.MaxClusterNodes is { } cap)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{status.Nodes.Length} node(s) of at most {cap} in the cluster"));
        }

        TextTable.Write(
            output,
            ["POOL", "PROVIDER", "READY", "BOOTING", "MIN", "MAX", "FREE VCPU", "FREE MEMORY", "FREE GPU", "COST/HOUR"],
            status.Pools.Select(p => (IReadOnlyList<string>)
            [
                p.Pool, p.Provider, Number(p.ReadyNodes), Number(p.BootingNodes), Number(p.MinNodes), Number(p.MaxNodes),
                Of(p.FreeVcpu, p.FreeVcpu + p.ReservedVcpu), Of(p.FreeMemoryMiB, p.FreeMemoryMiB + p.ReservedMemoryMiB) + " MiB",
                Of(p.FreeGpus, p.FreeGpus + p.ReservedGpus), p.CostPerHour.ToString("0.####", CultureInfo.InvariantCulture),
            ]));
        output.WriteLine();
        output.WriteLine("Nodes");
        TextTable.Write(
            output,
            ["NODE", "POOL", "STATE", "PROCESSES", "CRITICAL", "FREE VCPU", "FREE MEMORY", "FREE GPU"],
            status.Nodes.Select(n => (IReadOnlyList<string>)
            [
                n.NodeId, n.Pool, n.State, Number(n.Processes), Number(n.CriticalProcesses),
                Percent(n.FreeVcpuPercent), Percent(n.FreeMemoryPercent), Percent(n.FreeGpuPercent),
            ]));
        output.WriteLine();
        output.WriteLine("Waiting processes");
        TextTable.Write(
            output,
            ["REASON", "PROCESSES"],
            status.WaitingProcessesByReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (IReadOnlyList<string>)[r.Key, Number(r.Value)]));
        output.WriteLine();
        output.WriteLine("Pending jobs");
        TextTable.Write(
            output,
            ["JOB", "POOL", "WAITING", "REASON", "ETA", "DETAIL"],
            status.PendingJobs.Select(j => (IReadOnlyList<string>)
            [
                j.JobId ?? "(another user's)", j.Pool, Number(j.WaitingProcesses), j.Reason,
                j.Eta is { } eta ? eta.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-", j.Detail,
            ]));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Of(decimal free, decimal total) => string.Create(CultureInfo.InvariantCulture, $"{free:0.###}/{total:0.###}");

    private static string Percent(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.#}%");
}
