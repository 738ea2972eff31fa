using System.Text;

namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// Writes the <c>OrleansQuery</c> rows Orleans' ADO.NET providers read their SQL from, as an idempotent upsert: a
/// second run (or a newer migration) replaces the text of a key instead of failing on it.
/// </summary>
internal static class OrleansQueryRows
{
    private const string Quote = "$orleans_query$";

    public static string Upsert(IReadOnlyDictionary<string, string> queries)
    {
        var sql = new StringBuilder("INSERT INTO orleansquery (querykey, querytext) VALUES");
        var first = true;
        foreach (var (key, text) in queries.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            if (key.Contains('\'', StringComparison.Ordinal) || text.Contains(Quote, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The query '{key}' cannot be quoted.");
            }

            sql.Append(first ? "\n    " : ",\n    ").Append("('").Append(key).Append("', ").Append(Quote).Append(text).Append(Quote).Append(')');
            first = false;
        }

        return sql.Append("\nON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;").ToString();
    }
}
