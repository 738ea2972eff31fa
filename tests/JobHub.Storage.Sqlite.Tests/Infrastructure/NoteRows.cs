using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Tests.Infrastructure;

/// <summary>A store's row kind for the tests: a line of text in table <c>notes</c>; the result is the row's id.</summary>
internal sealed class NoteRows : SqliteRowKind<string, long>
{
    public const string Schema = "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);";

    public static NoteRows Instance { get; } = new();

    public override string Name => "test notes";

    public override SqliteCommand Prepare(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO notes (text) VALUES ($text) RETURNING id;";
        command.Parameters.Add("$text", SqliteType.Text);
        command.Prepare();
        return command;
    }

    public override long Write(SqliteCommand command, string item)
    {
        command.Parameters[0].Value = item;
        return (long)command.ExecuteScalar()!;
    }

    public static async Task CreateTableAsync(SqliteSharedFile file)
    {
        await using var connection = await file.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string[]> ReadAsync(string dataSource)
    {
        await using var connection = new SqliteConnection($"Data Source={dataSource};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM notes ORDER BY id;";
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return [.. texts];
    }
}
