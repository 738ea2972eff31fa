using System.Data.Common;
using JobHub.Contracts.Audit;

namespace JobHub.Grains.Audit;

/// <summary>Reads audit rows (<see cref="Columns"/>, in that order) from SQLite and PostgreSQL alike.</summary>
internal static class AuditRows
{
    public const string Columns = "seq, time_ticks, actor, action, target, outcome, detail";

    public static async Task<AuditPage> ReadPageAsync(DbDataReader reader, int limit, CancellationToken cancellationToken)
    {
        var read = new List<AuditEntry>(limit + 1);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read.Add(new AuditEntry(
                reader.GetInt64(0),
                new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return AuditPages.Of(read, limit);
    }

    /// <summary>The WHERE clauses of <paramref name="query"/> with <paramref name="marker"/> (<c>$</c> or <c>@</c>) parameters, and their values.</summary>
    public static (string Where, List<(string Name, object Value)> Parameters) Filter(AuditQuery query, char marker)
    {
        var where = new List<string>();
        var parameters = new List<(string, object)>();
        void Add(string clause, string name, object value)
        {
            where.Add(clause.Replace("?", marker + name, StringComparison.Ordinal));
            parameters.Add((name, value));
        }

        if (query.Actor is not null)
        {
            Add("actor = ?", "actor", query.Actor);
        }

        if (query.ActionPrefix is not null)
        {
            Add("action LIKE ? ESCAPE '\\'", "action", AuditFields.LikePrefix(query.ActionPrefix));
        }

        if (query.Target is not null)
        {
            Add("target = ?", "target", query.Target);
        }

        if (query.Outcome is not null)
        {
            Add("outcome = ?", "outcome", query.Outcome);
        }

        if (query.Since is { } since)
        {
            Add("time_ticks >= ?", "since", since.UtcTicks);
        }

        if (query.Until is { } until)
        {
            Add("time_ticks < ?", "until", until.UtcTicks);
        }

        if (query.Before() is { } before)
        {
            Add("seq < ?", "before", before);
        }

        return (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : string.Empty, parameters);
    }
}
