using System.Globalization;
using System.Text;

namespace JobHub.Grains.Jobs.Index;

/// <summary>An opaque keyset cursor: the submit time and id of the last job on the previous page.</summary>
public static class JobListCursor
{
    /// <summary>The cursor for the page after the job submitted at <paramref name="submittedAt"/> with id <paramref name="jobId"/>.</summary>
    public static string Encode(DateTimeOffset submittedAt, string jobId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{submittedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{jobId}"));

    /// <summary>True when <paramref name="cursor"/> is one this server could have handed out.</summary>
    public static bool IsValid(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        if (cursor.Length > JobHub.Contracts.Validation.JobLimits.MaxCursorLength)
        {
            return false;
        }

        try
        {
            _ = Decode(cursor);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The position <paramref name="cursor"/> names, or null for the first page.</summary>
    /// <exception cref="ArgumentException">It is not a cursor this server handed out.</exception>
    public static (long SubmittedTicks, string JobId)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0)
            {
                throw new FormatException("no separator");
            }

            return (long.Parse(text[..bar], CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException("It is not a cursor this server handed out.", nameof(cursor), ex);
        }
    }
}
