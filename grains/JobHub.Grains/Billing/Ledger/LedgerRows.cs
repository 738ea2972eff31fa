using System.Data.Common;

namespace JobHub.Grains.Billing.Ledger;

/// <summary>Reads ledger rows (<see cref="Columns"/>, in that order) from SQLite and PostgreSQL alike; only the amount's column differs.</summary>
internal static class LedgerRows
{
    /// <summary>The columns of an entry, <paramref name="amountColumn"/> holding its amount.</summary>
    public static string Columns(string amountColumn) => $"job_id, seq, user_name, project, node_type, kind, from_ticks, to_ticks, seconds, {amountColumn}, recorded_ticks";

    /// <summary>The order statements and exports read entries in: oldest first, then by job and sequence.</summary>
    public const string Order = "to_ticks, job_id, seq";

    public static LedgerEntry Read(DbDataReader reader, Func<DbDataReader, int, decimal> amount) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        (LedgerEntryKind)reader.GetInt32(5),
        new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
        new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
        reader.GetInt64(8),
        amount(reader, 9),
        new DateTimeOffset(reader.GetInt64(10), TimeSpan.Zero));
}
