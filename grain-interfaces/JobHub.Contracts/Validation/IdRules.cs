namespace JobHub.Contracts.Validation;

/// <summary>The shapes of the ids JobHub hands out, checked wherever an id comes from outside (URLs, specs, SDK calls).</summary>
public static class IdRules
{
    /// <summary>
    /// True when <paramref name="id"/> could name a job: 1 to <see cref="JobLimits.MaxIdLength"/> ASCII letters,
    /// digits, '-', '_' or '.' (JobHub's own ids look like <c>job-3f9a0c1d2e4b</c>).
    /// </summary>
    public static bool IsJobId(string? id) => IsSafeId(id, JobLimits.MaxIdLength);

    /// <summary>
    /// True when <paramref name="id"/> could name a code bundle: 1 to <see cref="JobLimits.MaxCodeBundleIdLength"/>
    /// ASCII letters, digits, '-', '_' or '.', starting with a letter or digit (ids look like <c>bundle-3f9a0c1d2e4b5a69</c>).
    /// </summary>
    public static bool IsCodeBundleId(string? id) => IsSafeId(id, JobLimits.MaxCodeBundleIdLength) && char.IsAsciiLetterOrDigit(id![0]);

    private static bool IsSafeId(string? id, int maxLength) =>
        id is { Length: > 0 } && id.Length <= maxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
