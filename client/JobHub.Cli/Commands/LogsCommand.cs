using System.CommandLine;
using JobHub.Cli.Output;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub logs &lt;id&gt;</c>: the job's log so far, its last lines, or follow it to the end.</summary>
internal static class LogsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the job has ended" };
        var tail = OptionValues.Whole("--tail", "-t", 1, JobLimits.MaxLogPage, $"Only the last N log entries, 1 to {JobLimits.MaxLogPage} (then new ones with --follow)");
        var after = OptionValues.WholeLong("--after", 0, long.MaxValue, "Only the log entries after the first N (entries are numbered from 1; then new ones with --follow)");
        var raw = new Option<bool>("--raw") { Description = "Print each line's text as the job wrote it, control characters and escape codes included (default: escaped as \\u001b)" };
        var logs = new Command("logs", "Print a job's log (stdout lines to stdout, stderr lines to stderr)") { id, follow, tail, after, raw };
        logs.Validators.Add(result =>
        {
            if (result.GetResult(tail) is { Tokens.Count: > 0 } && result.GetResult(after) is { Tokens.Count: > 0 })
            {
                result.AddError("--tail and --after cannot be used together: --tail prints the last N entries, --after the entries after the first N.");
            }
        });
        logs.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var jobId = parse.GetRequiredValue(id);
            var printer = LogPrinter.ForConsole(parse.GetValue(raw));
            try
            {
                var next = parse.GetValue(after) ?? 0;
                if (parse.GetValue(tail) is { } lines)
                {
                    var page = await client.TailLogsAsync(jobId, lines, cancellationToken);
                    foreach (var entry in page.Entries)
                    {
                        printer.Write(entry);
                    }

                    next = page.NextAfter;
                }
                else if (!parse.GetValue(follow))
                {
                    while (true)
                    {
                        var page = await client.ReadLogsAsync(jobId, next, JobLimits.MaxLogPage, cancellationToken);
                        if (page.Entries.Count == 0)
                        {
                            break;
                        }

                        foreach (var entry in page.Entries)
                        {
                            printer.Write(entry);
                        }

                        next = page.NextAfter;
                    }
                }

                if (parse.GetValue(follow))
                {
                    await foreach (var entry in client.FollowLogsAsync(jobId, next, cancellationToken))
                    {
                        printer.Write(entry);
                    }
                }
            }
            finally
            {
                printer.Complete();
            }

            return ExitCodes.Success;
        });
        return logs;
    }
}
