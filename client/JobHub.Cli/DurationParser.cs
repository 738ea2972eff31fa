using System.Globalization;
using System.Text.RegularExpressions;
using JobHub.Contracts.Validation;

namespace JobHub.Cli;

/// <summary>
/// Durations as people type them: <c>2h</c>, <c>30m</c>, <c>1h30m</c>, <c>45s</c>, <c>1d</c>, <c>1.5h</c>, or <c>01:00:00</c>
/// (<c>d.hh:mm:ss</c>). Every duration JobHub takes is more than 0 and at most <see cref="JobLimits.MaxTimeLimit"/> (30 days);
/// each part is compared with that bound before any arithmetic, so no text can overflow.
/// </summary>
internal static partial class DurationParser
{
    public const string Help = "a duration such as 2h, 30m, 1h30m, 90s, 1d or 01:00:00";

    /// <summary>Longest text looked at; anything longer is not a duration.</summary>
    private const int MaxTextLength = 64;

    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, out duration, out _);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why (the rule and the text, escaped).</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string? error)
    {
        duration = TimeSpan.Zero;
        var shown = TextRules.Show(text ?? string.Empty, 40);
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            error = $"'{shown}' is not {Help}.";
            return false;
        }

        text = text.Trim();
        var parsed = text.Contains(':', StringComparison.Ordinal) ? ParseClock(text, out duration) : ParseUnits(text, out duration);
        switch (parsed)
        {
            case Outcome.NotADuration:
                error = $"'{shown}' is not {Help}.";
                return false;
            case Outcome.TooLong:
                error = $"'{shown}' is longer than {MaxText}, the longest JobHub accepts.";
                return false;
        }

        if (duration <= TimeSpan.Zero)
        {
            error = $"'{shown}' is not more than 0: give {Help}.";
            return false;
        }

        error = null;
        return true;
    }

    private static string MaxText => string.Create(CultureInfo.InvariantCulture, $"{JobLimits.MaxTimeLimit.TotalDays:0} days ({JobLimits.MaxTimeLimit:c})");

    private static Outcome ParseClock(string text, out TimeSpan duration)
    {
        // TryParseExact fails (rather than throws) on values beyond TimeSpan's range.
        if (!TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out duration))
        {
            // d.hh:mm:ss with more days than TimeSpan holds is too long, not malformed.
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            var days = dot > 0 ? text.AsSpan(0, dot) : default;
            return dot > 0 && !days.ContainsAnyExceptInRange('0', '9') && (!long.TryParse(days, CultureInfo.InvariantCulture, out var count) || count > JobLimits.MaxTimeLimit.TotalDays)
                ? Outcome.TooLong
                : Outcome.NotADuration;
        }

        return duration > JobLimits.MaxTimeLimit ? Outcome.TooLong : Outcome.Parsed;
    }

    private static Outcome ParseUnits(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = UnitsPattern().Match(text);
        if (!match.Success)
        {
            return Outcome.NotADuration;
        }

        var max = (decimal)JobLimits.MaxTimeLimit.Ticks;
        decimal ticks = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var perUnit = char.ToLowerInvariant(part.Value[^1]) switch
            {
                'd' => TimeSpan.TicksPerDay,
                'h' => TimeSpan.TicksPerHour,
                'm' => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerSecond,
            };

            // Compared with the bound in the part's own unit first: the product below then stays far inside decimal's range.
            if (!decimal.TryParse(part.Value.AsSpan(0, part.Value.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || value > max / perUnit)
            {
                return Outcome.TooLong;
            }

            ticks += value * perUnit;
        }

        if (ticks > max)
        {
            return Outcome.TooLong;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(ticks));
        return Outcome.Parsed;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[dhms])+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitsPattern();

    private enum Outcome
    {
        Parsed,
        NotADuration,
        TooLong,
    }
}
