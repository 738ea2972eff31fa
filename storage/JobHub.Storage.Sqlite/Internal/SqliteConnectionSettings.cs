using System.Globalization;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>The per-connection settings a provider applies to every connection it opens.</summary>
/// <param name="BusyTimeout">How long SQLite waits for another writer (<c>PRAGMA busy_timeout</c>).</param>
/// <param name="DurableCommits">True: <c>PRAGMA synchronous = FULL</c>; false: <c>NORMAL</c>.</param>
internal sealed record SqliteConnectionSettings(TimeSpan BusyTimeout, bool DurableCommits)
{
    /// <summary>The pragmas run on every opened connection (they are per connection, not per file).</summary>
    public string Pragmas => string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(DurableCommits ? "FULL" : "NORMAL")};");

    /// <summary>
    /// Microsoft.Data.Sqlite's own command timeout, in whole seconds and never 0 (which would mean "no limit"). Its
    /// retry loop on SQLITE_BUSY only starts after SQLite's busy timeout ran out, so this keeps both limits equal.
    /// </summary>
    public int CommandTimeoutSeconds => Math.Max(1, (int)Math.Ceiling(BusyTimeout.TotalSeconds));
}
