using System.Globalization;
using JobHub.Contracts.Billing;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api.Usage;

/// <summary>
/// Reads the <c>from</c>/<c>to</c>/<c>groupBy</c> of a usage call. Without either date the period is this UTC month;
/// with only <c>from</c> it is the month from then, with only <c>to</c> the month up to then. <c>from</c> is inclusive,
/// <c>to</c> exclusive, and the period is at most <see cref="UsageLimits.MaxPeriodDays"/> days.
/// </summary>
internal static class UsagePeriod
{
    /// <summary>The earliest date accepted (the ledger holds nothing older).</summary>
    private static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first date no longer accepted (a month on either side must still be a date).</summary>
    private static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The period asked for, or the refusal naming the parameter and the rule.</summary>
    public static ProblemHttpResult? Resolve(string? from, string? to, TimeProvider time, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        if (Parse("from", from, out var parsedFrom) is { } fromProblem)
        {
            return fromProblem;
        }

        if (Parse("to", to, out var parsedTo) is { } toProblem)
        {
            return toProblem;
        }

        var now = time.GetUtcNow();
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        start = parsedFrom ?? (parsedTo is { } until ? until.AddMonths(-1) : thisMonth);
        end = parsedTo ?? start.AddMonths(1);
        if (end <= start)
        {
            return ApiProblems.Field("to", $"to ({end:O}) must be after from ({start:O}): the period is from inclusive to exclusive.");
        }

        if (end - start > TimeSpan.FromDays(UsageLimits.MaxPeriodDays))
        {
            return ApiProblems.Field("to", $"A period is at most {UsageLimits.MaxPeriodDays} days (this one is {(end - start).TotalDays:0.##} days); ask for several.");
        }

        return null;
    }

    /// <summary>The grouping asked for (default: by job), or the refusal naming the values allowed.</summary>
    public static ProblemHttpResult? Grouping(string? groupBy, bool admin, out UsageGrouping grouping)
    {
        grouping = UsageGrouping.Job;
        var allowed = admin ? "job, day, nodeType or user" : "job, day or nodeType";
        if (groupBy is null)
        {
            return null;
        }

        UsageGrouping? parsed = groupBy.ToUpperInvariant() switch
        {
            "JOB" => UsageGrouping.Job,
            "DAY" => UsageGrouping.Day,
            "NODETYPE" => UsageGrouping.NodeType,
            "USER" when admin => UsageGrouping.User,
            _ => null,
        };
        if (parsed is null)
        {
            return ApiProblems.Field("groupBy", $"groupBy must be {allowed} (was '{Contracts.Validation.TextRules.Show(groupBy)}').");
        }

        grouping = parsed.Value;
        return null;
    }

    private static ProblemHttpResult? Parse(string field, string? value, out DateTimeOffset? time)
    {
        time = null;
        if (value is null)
        {
            return null;
        }

        if (value.Length > UsageLimits.MaxTimeLength
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return ApiProblems.Field(field, $"{field} must be a date or a date and time in ISO 8601 form, such as 2026-12-01 or 2026-12-01T09:30:00Z (UTC unless an offset is given).");
        }

        if (parsed < Earliest || parsed >= Latest)
        {
            return ApiProblems.Field(field, $"{field} must be from 1970-01-01 and before 9999-01-01 (was {parsed.UtcDateTime:yyyy-MM-dd}).");
        }

        time = parsed.ToUniversalTime();
        return null;
    }
}
