using Npgsql;

namespace JobHub.Storage.Postgres.Internal;

/// <summary>Connection strings whose search path is the configured schema, for our pool and for Orleans' providers.</summary>
internal static class PostgresConnectionStrings
{
    public static NpgsqlConnectionStringBuilder Builder(JobHubPostgresOptions options) =>
        new(options.ConnectionString)
        {
            SearchPath = options.Schema,
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        };

    /// <summary>The connection string Orleans' ADO.NET providers get (invariant <c>Npgsql</c>).</summary>
    /// <remarks>Left as configured when it cannot be parsed: the options validator reports that at start.</remarks>
    public static string ForSchema(JobHubPostgresOptions options)
    {
        try
        {
            return Builder(options).ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            return options.ConnectionString;
        }
    }

    /// <summary>Identifies a database and schema regardless of how the connection string was spelled.</summary>
    public static string Key(JobHubPostgresOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = null };
        return builder.ConnectionString + "\n" + options.Schema;
    }
}
