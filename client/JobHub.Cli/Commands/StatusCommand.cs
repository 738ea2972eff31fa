using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub status &lt;id&gt;</c>: one job in detail, with its history.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var json = new Option<bool>("--json") { Description = "Print the job as JSON" };
        var status = new Command("status", "Show a job's state, reason, times, limits, results and history") { id, json };
        status.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var job = await client.GetAsync(parse.GetRequiredValue(id), cancellationToken);
            return await CommandOutput.WriteAsync(job, parse.GetValue(json), JobText.WriteStatus);
        });
        return status;
    }
}
