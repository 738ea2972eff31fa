using System.CommandLine;
using JobHub.Cli.Output;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub logs &lt;id&gt;</c>: the job's log so far, its last lines, or follow it to the end.</summary>
internal static class LogsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the job has ended" };
        var tail = new Option<int?>("--tail", "-t") { Description = "Only the last N lines (then new ones with --follow)", HelpName = "N" };
        tail.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 10_000)
            {
                result.AddError("--tail must be between 1 and 10000.");
            }
        });
        var logs = new Command("logs", "Print a job's log (stdout lines to stdout, stderr lines to stderr)") { id, follow, tail };
        logs.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var jobId = parse.GetRequiredValue(id);
            long after = 0;
            if (parse.GetValue(tail) is { } lines)
            {
                var page = await client.TailLogsAsync(jobId, lines, cancellationToken);
                page.Entries.ToList().ForEach(LogPrinter.Write);
                after = page.NextAfter;
            }
            else if (!parse.GetValue(follow))
            {
                while (true)
                {
                    var page = await client.ReadLogsAsync(jobId, after, 10_000, cancellationToken);
                    if (page.Entries.Count == 0)
                    {
                        break;
                    }

                    page.Entries.ToList().ForEach(LogPrinter.Write);
                    after = page.NextAfter;
                }
            }

            if (parse.GetValue(follow))
            {
                await foreach (var entry in client.FollowLogsAsync(jobId, after, cancellationToken))
                {
                    LogPrinter.Write(entry);
                }
            }

            return ExitCodes.Success;
        });
        return logs;
    }
}
