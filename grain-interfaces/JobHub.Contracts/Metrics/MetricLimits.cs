using System.Globalization;

namespace JobHub.Contracts.Metrics;

/// <summary>
/// The bounds of job metrics (docs/api.md, "Job metrics") and the rules a report must meet. The API, the SDK and the
/// metrics grain apply the same rules, so a bad report is refused before it is sent where possible.
/// </summary>
public static class MetricLimits
{
    /// <summary>Longest metric name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Most distinct metric names one job may report; a new name beyond this is refused.</summary>
    public const int MaxNamesPerJob = 32;

    /// <summary>Most samples kept per metric name; the oldest are dropped beyond this.</summary>
    public const int MaxSamplesPerName = 1000;

    /// <summary>Most reports in one batch.</summary>
    public const int MaxBatchSize = 100;

    /// <summary>How far ahead of the silo's clock a reported time may be (clock skew between nodes).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>Why <paramref name="name"/> is not a metric name, or null when it is one.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A metric name is required (1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter).";
        }

        if (name.Length > MaxNameLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"A metric name has at most {MaxNameLength} characters (was {name.Length}).");
        }

        return char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : "A metric name holds only A-Z a-z 0-9 . _ - and starts with a letter.";
    }

    /// <summary>Why <paramref name="value"/> is not a metric value (NaN or infinite), or null.</summary>
    public static string? ValueProblem(double value) =>
        double.IsFinite(value) ? null : "A metric value must be a finite number.";

    /// <summary>Why <paramref name="time"/> is not a sample time at <paramref name="now"/> (too far in the future), or null.</summary>
    public static string? TimeProblem(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t && t > now + MaxFutureSkew
            ? string.Create(CultureInfo.InvariantCulture, $"The time may be at most {MaxFutureSkew.TotalMinutes:0} minutes ahead of the server's clock ({now:O}).")
            : null;

    /// <summary>Every problem of <paramref name="report"/> by field (<paramref name="prefix"/> before each field name), empty when none.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Problems(MetricReport? report, DateTimeOffset now, string prefix = "")
    {
        if (report is null)
        {
            yield return new(prefix.TrimEnd('.'), "A metric report is required.");
            yield break;
        }

        if (NameProblem(report.Name) is { } name)
        {
            yield return new(prefix + "name", name);
        }

        if (ValueProblem(report.Value) is { } value)
        {
            yield return new(prefix + "value", value);
        }

        if (TimeProblem(report.Time, now) is { } time)
        {
            yield return new(prefix + "time", time);
        }
    }
}
