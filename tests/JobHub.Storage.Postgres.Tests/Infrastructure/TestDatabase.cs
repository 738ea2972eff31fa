using JobHub.Testing;
using Npgsql;

namespace JobHub.Storage.Postgres.Tests.Infrastructure;

/// <summary>The test server, with a fresh schema per test class.</summary>
internal static class TestDatabase
{
    public static string NewSchemaName(string purpose) => $"jh_test_{purpose}_{Guid.NewGuid():N}"[..40];

    public static JobHubPostgresOptions Options(string schema) => Configure(new JobHubPostgresOptions(), schema);

    /// <summary>Points <paramref name="options"/> at the test server and <paramref name="schema"/>.</summary>
    public static T Configure<T>(T options, string schema)
        where T : JobHubPostgresOptions
    {
        options.ConnectionString = PostgresTestServer.PooledConnectionString;
        options.Schema = schema;
        options.CommandTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    /// <summary>Drops the schema and closes the pooled connections that were opened for it.</summary>
    public static async Task DropAsync(string schema)
    {
        await PostgresTestServer.DropSchemaAsync(schema);
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresTestServer.PooledConnectionString) { SearchPath = schema, CommandTimeout = 30 }.ConnectionString;
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    public static async Task<T?> ScalarAsync<T>(string schema, string sql)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }

    public static async Task ExecuteAsync(string schema, string sql)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
