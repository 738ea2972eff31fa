using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Audit;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub audit</c>: the audit log (admins only), newest first, as a table or JSON.</summary>
internal static class AuditCommand
{
    public static Command Create(GlobalOptions global)
    {
        var actor = new Option<string?>("--actor") { Description = "Only entries of this acting user", HelpName = "user" };
        var action = new Option<string?>("--action") { Description = "Only actions starting with this (token. , user.disable, group.member.add …)", HelpName = "prefix" };
        var target = new Option<string?>("--target") { Description = "Only entries touching this target (a user name for most actions)", HelpName = "target" };
        var outcome = OptionValues.Choice("--outcome", "Only this outcome", AuditOutcomes.Ok, AuditOutcomes.Denied, AuditOutcomes.Failed);
        var since = TimeOption("--since", "Only entries at or after this time: an ISO 8601 time (2026-12-01T09:00:00Z) or a duration ago (2h, 3d)");
        var until = TimeOption("--until", "Only entries before this time: an ISO 8601 time or a duration ago");
        var limit = OptionValues.Whole("--limit", "-l", 1, int.MaxValue, $"Show at most this many entries (default 50; fetched {AuditLimits.MaxPage} at a time)");
        var json = new Option<bool>("--json") { Description = "Print a JSON array of audit entries" };

        var audit = new Command("audit", "Show the audit log (admins only), newest first") { actor, action, target, outcome, since, until, limit, json };
        audit.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var filter = new AuditFilter
            {
                Actor = parse.GetValue(actor),
                Action = parse.GetValue(action),
                Target = parse.GetValue(target),
                Outcome = parse.GetValue(outcome),
                Since = parse.GetValue(since),
                Until = parse.GetValue(until),
            };
            var max = parse.GetValue(limit) ?? 50;
            var entries = new List<AuditEntry>();
            await foreach (var entry in client.ListAllAuditAsync(filter, Math.Min(max, AuditLimits.MaxPage), cancellationToken))
            {
                entries.Add(entry);
                if (entries.Count >= max)
                {
                    break;
                }
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(entries, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(
                Console.Out,
                ["SEQ", "TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "DETAIL"],
                entries.Select(e => (IReadOnlyList<string>)[
                    e.Sequence.ToString(CultureInfo.InvariantCulture),
                    JobText.Time(e.Time),
                    JobText.Safe(e.Actor),
                    JobText.Safe(e.Action),
                    JobText.Safe(e.Target),
                    e.Outcome,
                    JobText.Safe(e.Detail)]));
            return ExitCodes.Success;
        });
        return audit;
    }

    /// <summary>A point in time: ISO 8601 (UTC unless an offset is given), or a duration before now.</summary>
    private static Option<DateTimeOffset?> TimeOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "time",
        CustomParser = result => ParseTime(result, name),
    };

    private static DateTimeOffset? ParseTime(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (text.Contains('-', StringComparison.Ordinal) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        if (DurationParser.TryParse(text, out var ago))
        {
            return TimeProvider.System.GetUtcNow() - ago;
        }

        result.AddError($"{name} must be an ISO 8601 time such as 2026-12-01T09:00:00Z or a duration ago such as 2h (was '{OptionValues.Shown(text)}').");
        return null;
    }
}
