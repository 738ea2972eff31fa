using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub workers &lt;id&gt;</c>: a job's processes; with <c>--wait N</c>, once N workers run.</summary>
internal static class WorkersCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var wait = new Option<int?>("--wait") { Description = "Wait until N workers (not counting the master) run; exit 1 if they do not by --timeout", HelpName = "N" };
        wait.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0)
            {
                r.AddError("--wait must not be negative.");
            }
        });
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait with --wait (default 60, at most 3600)", HelpName = "secs", DefaultValueFactory = _ => 60 };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 3600)
            {
                r.AddError("--timeout must be between 0 and 3600 seconds.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the workers as JSON" };
        var workers = new Command("workers", "List a job's master and workers") { id, wait, timeout, json };
        workers.SetAction(global, async (parse, client, cancellationToken) =>
        {
            IReadOnlyList<Contracts.Jobs.WorkerInfo> list;
            try
            {
                var count = parse.GetValue(wait);
                list = await client.GetWorkersAsync(parse.GetRequiredValue(id), count, count is null ? null : TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
            }
            catch (JobHubApiException e) when (e.StatusCode == HttpStatusCode.RequestTimeout)
            {
                await Console.Error.WriteLineAsync($"error: {e.Detail ?? e.Title}");
                return ExitCodes.JobUnsuccessful;
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(list, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(
                Console.Out,
                ["INDEX", "ROLE", "STATUS", "NODE", "PID", "RESTARTS", "SINCE", "REASON"],
                list.Select(w => (IReadOnlyList<string>)
                [
                    w.Index.ToString(CultureInfo.InvariantCulture),
                    w.Role.ToString().ToLowerInvariant(),
                    JobText.Name(w.Status),
                    w.NodeId ?? "-",
                    w.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    w.Restarts.ToString(CultureInfo.InvariantCulture),
                    JobText.Time(w.Since),
                    w.Reason,
                ]));
            return ExitCodes.Success;
        });
        return workers;
    }
}
