using System.Globalization;
using System.Text;

namespace JobHub.Grains.Jobs.Index;

/// <summary>An opaque keyset cursor: the submit time and id of the last job on the previous page.</summary>
internal static class JobListCursor
{
    public static string Encode(DateTimeOffset submittedAt, string jobId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{submittedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{jobId}"));

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
            return (long.Parse(text[..bar], CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"'{cursor}' is not a cursor this server handed out.", nameof(cursor), ex);
        }
    }
}
