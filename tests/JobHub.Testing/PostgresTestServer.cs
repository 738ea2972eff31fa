using Npgsql;

namespace JobHub.Testing;

/// <summary>The PostgreSQL the tests use: <c>JOBHUB_TEST_POSTGRES</c>, or the database scripts/postgres.sh creates.</summary>
public static class PostgresTestServer
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=jobhub;Password=jobhub;Database=jobhub;SSL Mode=Disable";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("JOBHUB_TEST_POSTGRES") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultConnectionString;

    /// <summary>
    /// The connection string for providers under test: a small pool per provider instance, because a test opens
    /// several instances and the server's default max_connections (100) is shared with everyone on the machine.
    /// </summary>
    public static string PooledConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 8 }.ConnectionString;

    /// <summary>Fails (never skips) with instructions when the server cannot be reached.</summary>
    public static async Task EnsureReachableAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 5, Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is unreachable at {builder.Host}:{builder.Port} (database '{builder.Database}', user '{builder.Username}'). " +
                "Run 'scripts/postgres.sh' as root to install and start it, or point JOBHUB_TEST_POSTGRES at a server. " +
                $"Error: {ex.Message}",
                ex);
        }
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
