using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;

namespace JobHub.Client;

/// <summary>
/// The rules the API applies to the values of each call (<see cref="JobLimits"/>), checked before sending, in the
/// server's words, so a bad value fails at once with <see cref="JobHubValidationException"/> and nothing is sent.
/// </summary>
internal static class RequestChecks
{
    /// <summary>A code bundle id as <c>POST /api/v1/bundles</c> hands them out; replaced by the real one once uploaded.</summary>
    public const string PendingBundleId = "bundle-0000000000000000";

    /// <summary>Throws <see cref="JobHubValidationException"/> naming every field whose problem is not null.</summary>
    public static void ThrowIfAny(params ReadOnlySpan<(string Field, string? Problem)> checks)
    {
        Dictionary<string, IReadOnlyList<string>>? errors = null;
        foreach (var (field, problem) in checks)
        {
            if (problem is not null)
            {
                errors ??= new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, problem] : [problem];
            }
        }

        if (errors is not null)
        {
            throw new JobHubValidationException(errors);
        }
    }

    /// <summary>Throws <see cref="JobHubValidationException"/> with every problem of <paramref name="spec"/> (node types are the server's to check).</summary>
    public static void ThrowIfInvalid(JobSpec spec, string paramName)
    {
        ArgumentNullException.ThrowIfNull(spec, paramName);
        var result = JobSpecValidator.Validate(spec, nodeTypes: null);
        if (!result.IsValid)
        {
            throw new JobHubValidationException(result.Errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal), paramName);
        }
    }

    /// <summary>The shape of a job id the API reads from a URL: 1 to 64 ASCII letters, digits, '-', '_' or '.'.</summary>
    public static string? JobIdProblem(string? jobId) =>
        IdRules.IsJobId(jobId)
            ? null
            : $"A job id is 1 to {JobLimits.MaxIdLength} ASCII letters, digits, '-', '_' or '.', like job-1a2b3c4d5e6f (was '{Shown(jobId)}').";

    /// <summary>The shape of a code bundle id: 1 to 128 ASCII letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
    public static string? BundleIdProblem(string? bundleId) =>
        IdRules.IsCodeBundleId(bundleId)
            ? null
            : $"'{Shown(bundleId)}' is not a code bundle id (ids look like bundle-3f9a0c1d2e4b5a69).";

    public static string? StateProblem(JobState? state) =>
        state is { } value && !Enum.IsDefined(value) ? $"Unknown job state '{value}'." : null;

    public static string? PageSizeProblem(int limit) =>
        limit is < 1 or > JobLimits.MaxJobPage ? Invariant($"The page size must be between 1 and {JobLimits.MaxJobPage} (was {limit}).") : null;

    public static string? CursorProblem(string? cursor) =>
        cursor is not null && (cursor.Length is 0 or > JobLimits.MaxCursorLength || TextRules.HasControlCharacters(cursor))
            ? "This is not a cursor this server handed out: pass the nextCursor of the previous page unchanged."
            : null;

    public static string? AfterProblem(long after) =>
        after < 0 ? Invariant($"The sequence number to read after must be 0 or more (was {after}).") : null;

    public static string? LogLimitProblem(int limit) =>
        limit is < 1 or > JobLimits.MaxLogPage ? Invariant($"The number of lines must be between 1 and {JobLimits.MaxLogPage} (was {limit}).") : null;

    public static string? TailProblem(int lines) =>
        lines is < 1 or > JobLimits.MaxLogPage ? Invariant($"The number of last lines must be between 1 and {JobLimits.MaxLogPage} (was {lines}).") : null;

    public static string? WaitProblem(int? wait) =>
        wait is < 0 or > JobLimits.MaxProcesses ? Invariant($"The number of workers to wait for must be between 0 and {JobLimits.MaxProcesses} (was {wait}).") : null;

    public static string? TimeoutProblem(TimeSpan? timeout) =>
        timeout is { } value && (value <= TimeSpan.Zero || value > TimeSpan.FromSeconds(JobLimits.MaxWaitSeconds))
            ? Invariant($"The timeout must be more than 0 and at most {JobLimits.MaxWaitSeconds} seconds (was {value.TotalSeconds:0.###} s).")
            : null;

    public static string? ResultPathProblem(string? path) =>
        string.IsNullOrWhiteSpace(path) ? "Give the path of a result file below the upload folder, e.g. out/table.csv."
        : TextRules.HasControlCharacters(path) ? "A result file path may not hold control characters."
        : null;

    private static string Shown(string? text) => text is null ? "null" : TextRules.Show(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
