using System.Globalization;
using System.Text.RegularExpressions;

namespace JobHub.Cli;

/// <summary>Durations as people type them: <c>2h</c>, <c>30m</c>, <c>1h30m</c>, <c>45s</c>, <c>1d</c>, or <c>01:00:00</c>.</summary>
internal static partial class DurationParser
{
    public const string Help = "a duration such as 2h, 30m, 1h30m, 90s, 1d or 01:00:00";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
        }

        var match = UnitsPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var value = double.Parse(part.Value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture);
            duration += char.ToLowerInvariant(part.Value[^1]) switch
            {
                'd' => TimeSpan.FromDays(value),
                'h' => TimeSpan.FromHours(value),
                'm' => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return duration > TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[dhms])+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitsPattern();
}
