using System.Data.Common;

namespace JobHub.Runtime.Sql.Internal;

/// <summary>What differs between SQLite and PostgreSQL for the shared membership statements.</summary>
internal sealed class SqlDialect
{
    /// <summary>Opens a connection (applying migrations first when needed).</summary>
    public required Func<CancellationToken, Task<DbConnection>> OpenAsync { get; init; }

    /// <summary>Starts a write transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE).</summary>
    public required Func<DbConnection, CancellationToken, Task<DbTransaction>> BeginWriteAsync { get; init; }

    /// <summary>The stored value of a point in time.</summary>
    public required Func<DateTimeOffset, object> Time { get; init; }

    public required Func<DbDataReader, int, DateTimeOffset> ReadTime { get; init; }

    /// <summary>The SQL expression for a JSON parameter (PostgreSQL casts to jsonb).</summary>
    public required Func<string, string> Json { get; init; }
}
