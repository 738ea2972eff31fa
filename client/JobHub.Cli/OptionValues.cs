using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using JobHub.Contracts.Validation;

namespace JobHub.Cli;

/// <summary>
/// Parsers for option and argument values that never throw: a value that is not a number, out of its range (the bounds of
/// <see cref="JobLimits"/>), not one of the words accepted or not a duration is a parse error naming the option and the rule
/// (exit code 2, nothing sent).
/// </summary>
internal static class OptionValues
{
    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> Whole(string name, string alias, int min, int max, string description, string helpName = "N") =>
        WithParser(
            new Option<int?>(name, Aliases(alias)) { Description = description, HelpName = helpName },
            name,
            WholeRange(min, max),
            (string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value));

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<long?> WholeLong(string name, long min, long max, string description, string helpName = "N") =>
        WithParser(
            new Option<long?>(name) { Description = description, HelpName = helpName },
            name,
            WholeRange(min, max),
            (string text, out long value) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value));

    /// <summary>A number more than 0 (or at least 0) and at most <paramref name="max"/>; fractions allowed.</summary>
    public static Option<decimal?> Fraction(string name, bool zeroAllowed, decimal max, string description, string helpName) =>
        WithParser(
            new Option<decimal?>(name) { Description = description, HelpName = helpName },
            name,
            new Range<decimal>(v => (zeroAllowed ? v >= 0 : v > 0) && v <= max, Invariant($"a number {(zeroAllowed ? "from 0" : "more than 0 and")} {(zeroAllowed ? "to" : "at most")} {max}")),
            (string text, out decimal value) => decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value));

    /// <summary>Seconds: more than 0 and at most <paramref name="max"/>; fractions allowed.</summary>
    public static Option<double?> Seconds(string name, int max, string description) =>
        WithParser(
            new Option<double?>(name) { Description = description, HelpName = "secs" },
            name,
            new Range<double>(v => double.IsFinite(v) && v > 0 && v <= max, Invariant($"a number of seconds more than 0 and at most {max}")),
            (string text, out double value) => double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value));

    /// <summary>One of <paramref name="words"/> (any case); the value is the word as listed.</summary>
    public static Option<string?> Choice(string name, string description, params string[] words)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = string.Join('|', words) };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (words.FirstOrDefault(w => string.Equals(w, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } word)
            {
                return word;
            }

            result.AddError($"{name} must be {Either(words)} (was '{Shown(text)}').");
            return null;
        };
        return option;
    }

    /// <summary>A duration (<see cref="DurationParser"/>): more than 0 and at most <see cref="JobLimits.MaxTimeLimit"/>.</summary>
    public static TimeSpan? Duration(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (DurationParser.TryParse(text, out var duration, out var error))
        {
            return duration;
        }

        result.AddError($"{name}: {error}");
        return null;
    }

    /// <summary>"a or b", "a, b or c".</summary>
    public static string Either(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : string.Join(", ", words.Take(words.Count - 1)) + " or " + words[^1];

    /// <summary>User text echoed in a message: shortened and with control characters escaped.</summary>
    public static string Shown(string text) => TextRules.Show(text, 40);

    private static Range<T> WholeRange<T>(T min, T max)
        where T : struct, IComparable<T> =>
        new(v => v.CompareTo(min) >= 0 && v.CompareTo(max) <= 0, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"));

    private static Option<T?> WithParser<T>(Option<T?> option, string name, Range<T> range, TryParse<T> parse)
        where T : struct
    {
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (parse(text.Trim(), out var value) && range.Accepts(value))
            {
                return value;
            }

            result.AddError($"{name} must be {range.Rule} (was '{Shown(text)}').");
            return null;
        };
        return option;
    }

    private static string[] Aliases(string alias) => alias.Length == 0 ? [] : [alias];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Range<T>(Func<T, bool> Accepts, string Rule);
}
