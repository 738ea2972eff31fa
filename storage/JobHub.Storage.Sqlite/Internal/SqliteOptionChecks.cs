namespace JobHub.Storage.Sqlite.Internal;

/// <summary>Checks shared by the option validators; each failure names the setting and the bad value.</summary>
internal static class SqliteOptionChecks
{
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    public static void DataSource(string? value, string prefix, List<string> failures)
    {
        const string Name = nameof(SqliteGrainStorageOptions.DataSource);
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{prefix}{Name} must be a file path (was empty).");
            return;
        }

        if (value.Trim() == ":memory:" || value.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{prefix}{Name} must be a file ('{value}' is in memory, which the writer and reader connections cannot share).");
            return;
        }

        if (value.Contains(';', StringComparison.Ordinal) || value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{prefix}{Name} must be a plain file path, not a connection string or URI (was '{value}').");
            return;
        }

        try
        {
            var full = Path.GetFullPath(value);
            if (Directory.Exists(full))
            {
                failures.Add($"{prefix}{Name} must be a file, but '{full}' is a folder.");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            failures.Add($"{prefix}{Name} is not a valid path (was '{value}': {ex.Message}).");
        }
    }

    public static void BusyTimeout(TimeSpan value, string prefix, List<string> failures)
    {
        if (value < TimeSpan.Zero || value > MaxBusyTimeout)
        {
            failures.Add($"{prefix}{nameof(SqliteGrainStorageOptions.BusyTimeout)} must be between 00:00:00 and {MaxBusyTimeout} (was {value}).");
        }
    }
}
