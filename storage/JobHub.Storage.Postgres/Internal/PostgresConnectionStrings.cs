using Npgsql;

namespace JobHub.Storage.Postgres.Internal;

/// <summary>Connection strings whose search path is the configured schema, for our pool and for Orleans' providers.</summary>
internal static class PostgresConnectionStrings
{
    /// <summary>
    /// Connections each pool opens at most, unless the connection string says otherwise (<c>Maximum Pool Size</c>).
    /// Npgsql's default, 100, is PostgreSQL's default <c>max_connections</c> as well: a few silos, each with a pool for
    /// JobHub's tables and one for Orleans' providers, would exhaust the server under a burst. The group-commit
    /// writers need one connection each; reads rarely need many at once.
    /// </summary>
    public const int DefaultMaxPoolSize = 16;

    /// <summary>Statements each connection prepares on the server once used a few times, unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    public static NpgsqlConnectionStringBuilder Builder(JobHubPostgresOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            SearchPath = options.Schema,
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        };
        if (!builder.ContainsKey("Maximum Pool Size"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!builder.ContainsKey("Max Auto Prepare"))
        {
            // The same few statements run thousands of times (state writes, reads, the job list): prepared on the
            // server, they skip parsing and planning, which was most of PostgreSQL's CPU per job.
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder;
    }

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
