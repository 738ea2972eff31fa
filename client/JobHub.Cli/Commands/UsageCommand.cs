using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Billing;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub usage</c>: your usage and charges for a period (default this UTC month) as a table, JSON, or your statement
/// as CSV (<c>--csv FILE</c>, <c>-</c> for stdout); <c>--all</c> (admins) shows everyone's, filtered by user, group and node type.
/// </summary>
internal static class UsageCommand
{
    public static Command Create(GlobalOptions global)
    {
        var from = DateOption("--from", "Start of the period (inclusive): a date (2026-11-01) or an ISO 8601 time, UTC unless an offset is given; default the start of this UTC month");
        var to = DateOption("--to", "End of the period (exclusive); default one month after --from");
        var groupBy = OptionValues.Choice("--group-by", "Group rows by job (default), day, node-type, or user (with --all)", "job", "day", "node-type", "user");
        var csv = new Option<string?>("--csv") { Description = "Write your statement (every ledger entry of the period, and a total row) as CSV to this file; - for stdout", HelpName = "file" };
        var all = new Option<bool>("--all") { Description = "Everyone's usage (admins only)" };
        var user = new Option<string?>("--user") { Description = "With --all: only this user's usage", HelpName = "user" };
        var group = new Option<string?>("--group") { Description = "With --all: only the usage of this group's members (realm/name)", HelpName = "realm/name" };
        var nodeType = new Option<string?>("--node-type") { Description = "With --all: only this node type", HelpName = "type" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };

        var usage = new Command("usage", "Show your usage and charges for a period, or download your statement as CSV") { from, to, groupBy, csv, all, user, group, nodeType, json };
        usage.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var isAll = parse.GetValue(all);
            var grouping = parse.GetValue(groupBy) switch
            {
                "day" => UsageGrouping.Day,
                "node-type" => UsageGrouping.NodeType,
                "user" => UsageGrouping.User,
                _ => UsageGrouping.Job,
            };
            if (!isAll && (parse.GetValue(user) ?? parse.GetValue(group) ?? parse.GetValue(nodeType)) is not null)
            {
                throw new CliUsageException("--user, --group and --node-type filter everyone's usage: add --all.");
            }

            if (!isAll && grouping == UsageGrouping.User)
            {
                throw new CliUsageException("--group-by user needs --all (your own usage is all yours).");
            }

            if (parse.GetValue(csv) is { } file)
            {
                if (isAll)
                {
                    throw new CliUsageException("--csv writes your own statement; it does not go with --all.");
                }

                return await WriteStatementAsync(client, file, parse.GetValue(from), parse.GetValue(to), cancellationToken);
            }

            var report = isAll
                ? await client.GetAdminUsageAsync(
                    new UsageFilter { From = parse.GetValue(from), To = parse.GetValue(to), GroupBy = grouping, User = parse.GetValue(user), Group = parse.GetValue(group), NodeType = parse.GetValue(nodeType) },
                    cancellationToken)
                : await client.GetUsageAsync(parse.GetValue(from), parse.GetValue(to), grouping, cancellationToken);
            return await CommandOutput.WriteAsync(report, parse.GetValue(json), WriteText);
        });
        return usage;
    }

    private static async Task<int> WriteStatementAsync(JobHubClient client, string file, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        if (file == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            await client.DownloadStatementAsync(stdout, from, to, cancellationToken);
            return ExitCodes.Success;
        }

        // Written beside the target and moved into place, so a failed download never leaves half a statement under its name.
        var path = Path.GetFullPath(file);
        var partial = path + ".partial";
        try
        {
            await using (var output = File.Create(partial))
            {
                await client.DownloadStatementAsync(output, from, to, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        await Console.Error.WriteLineAsync($"statement written to {JobText.Safe(path)}");
        return ExitCodes.Success;
    }

    private static void WriteText(TextWriter output, UsageReport report)
    {
        var key = report.GroupBy switch
        {
            UsageGrouping.Day => "DAY",
            UsageGrouping.NodeType => "NODE TYPE",
            UsageGrouping.User => "USER",
            _ => "JOB",
        };
        output.WriteLine($"usage from {report.From.UtcDateTime:yyyy-MM-dd HH:mm} to {report.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC (to exclusive)");
        TextTable.Write(
            output,
            [key, "JOBS", "SECONDS", "AMOUNT"],
            [
                .. report.Rows.Select(r => (IReadOnlyList<string>)[JobText.Safe(r.Key), r.Jobs.ToString(CultureInfo.InvariantCulture), r.Seconds.ToString(CultureInfo.InvariantCulture), Amount(r.Amount)]),
                ["total", string.Empty, report.Seconds.ToString(CultureInfo.InvariantCulture), Amount(report.Amount)],
            ]);
    }

    private static string Amount(decimal amount) => amount.ToString("0.000000", CultureInfo.InvariantCulture);

    /// <summary>A date or time: ISO 8601, UTC unless an offset is given.</summary>
    private static Option<DateTimeOffset?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "date",
        CustomParser = result => ParseDate(result, name),
    };

    private static DateTimeOffset? ParseDate(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (text.Length is > 0 and <= UsageLimits.MaxTimeLength && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        result.AddError($"{name} must be a date such as 2026-11-01 or an ISO 8601 time such as 2026-11-01T09:00:00Z (was '{OptionValues.Shown(text)}').");
        return null;
    }
}
