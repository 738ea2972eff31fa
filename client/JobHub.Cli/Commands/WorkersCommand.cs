using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub workers &lt;id&gt;</c>: a job's processes; with <c>--wait N</c>, once N workers run.</summary>
internal static class WorkersCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var wait = OptionValues.Whole("--wait", string.Empty, 0, JobLimits.MaxProcesses, "Wait until N workers (not counting the master) run; exit 1 if they do not by --timeout");
        var timeout = OptionValues.Seconds("--timeout", JobLimits.MaxWaitSeconds, $"Seconds to wait with --wait (default 60, at most {JobLimits.MaxWaitSeconds})");
        var json = new Option<bool>("--json") { Description = "Print the workers as JSON" };
        var workers = new Command("workers", "List a job's master and workers") { id, wait, timeout, json };
        workers.SetAction(global, async (parse, client, cancellationToken) =>
        {
            // 408: fewer workers ran by the timeout; 409: the job ended before they did.
            IReadOnlyList<Contracts.Jobs.WorkerInfo> list;
            try
            {
                var count = parse.GetValue(wait);
                list = await client.GetWorkersAsync(parse.GetRequiredValue(id), count, count is null ? null : TimeSpan.FromSeconds(parse.GetValue(timeout) ?? 60), cancellationToken);
            }
            catch (JobHubApiException e) when (e.StatusCode == HttpStatusCode.RequestTimeout || (e.StatusCode == HttpStatusCode.Conflict && parse.GetValue(wait) is not null))
            {
                CommandRunner.Error(e.Detail ?? e.Title);
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
                    w.Idle ? JobText.Name(w.Status) + " (idle)" : JobText.Name(w.Status),
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
