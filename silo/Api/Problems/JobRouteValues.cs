using JobHub.Contracts.Validation;

namespace JobHub.Silo.Api.Problems;

/// <summary>The shape of the ids the API reads from URLs, checked before any grain is called.</summary>
internal static class JobRouteValues
{
    /// <summary>
    /// True when <paramref name="id"/> could name a job: 1 to <see cref="JobLimits.MaxIdLength"/> ASCII letters,
    /// digits, '-', '_' or '.'. Anything else names no job, and is answered 404 without looking.
    /// </summary>
    public static bool CouldBeJobId(string id) =>
        id.Length is > 0 and <= JobLimits.MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
