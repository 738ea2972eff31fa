using JobHub.Runtime.Sql.Internal;
using JobHub.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace JobHub.Runtime.Sql.Sqlite;

/// <summary>
/// The writer connection's prepared grain-state statements. A cleared record stays as a tombstone row
/// (payload NULL) so its version keeps growing: an ETag from before a clear can never match a later record.
/// </summary>
internal sealed class SqliteStateCommands : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _clear;
    private readonly SqliteCommand _current;

    public SqliteStateCommands(SqliteConnection connection)
    {
        // Null ETag: insert, or revive a tombstone; a live record is a conflict (no row returned).
        _insert = Create(connection, """
            INSERT INTO grain_state (state_name, grain_id, payload, version, updated_at)
            VALUES (@state, @grain, @payload, 1, @now)
            ON CONFLICT (state_name, grain_id) DO UPDATE
                SET payload = excluded.payload, version = grain_state.version + 1, updated_at = excluded.updated_at
                WHERE grain_state.payload IS NULL
            RETURNING version;
            """, withPayload: true, withVersion: false);
        _update = Create(connection, """
            UPDATE grain_state SET payload = @payload, version = version + 1, updated_at = @now
            WHERE state_name = @state AND grain_id = @grain AND version = @version AND payload IS NOT NULL
            RETURNING version;
            """, withPayload: true, withVersion: true);
        _clear = Create(connection, """
            UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = @now
            WHERE state_name = @state AND grain_id = @grain AND version = @version AND payload IS NOT NULL
            RETURNING version;
            """, withPayload: false, withVersion: true);
        _current = connection.CreateCommand();
        _current.CommandText = "SELECT version FROM grain_state WHERE state_name = @state AND grain_id = @grain AND payload IS NOT NULL;";
        _current.Parameters.Add("@state", SqliteType.Text);
        _current.Parameters.Add("@grain", SqliteType.Text);
        _current.Prepare();
    }

    /// <summary>Applies one write inside the caller's transaction; returns the new ETag (null after a clear) or the conflict.</summary>
    public (string? Etag, InconsistentStateException? Conflict) Apply(PendingStateWrite write, SqliteTransaction transaction, long nowTicks)
    {
        var grain = write.GrainId.ToString();
        if (write.ExpectedEtag is null)
        {
            if (write.IsClear)
            {
                // Clearing "nothing": fine when there is no live record.
                var stored = Current(write, grain, transaction);
                return stored is null ? (null, null) : (null, Conflict(write, stored));
            }

            return Run(_insert, write, grain, transaction, nowTicks, version: null);
        }

        if (!Etags.TryParse(write.ExpectedEtag, out var expected))
        {
            return (null, Conflict(write, Current(write, grain, transaction)));
        }

        var (etag, conflict) = Run(write.IsClear ? _clear : _update, write, grain, transaction, nowTicks, expected);
        return (write.IsClear && conflict is null ? null : etag, conflict);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
        _clear.Dispose();
        _current.Dispose();
    }

    private (string? Etag, InconsistentStateException? Conflict) Run(
        SqliteCommand command, PendingStateWrite write, string grain, SqliteTransaction transaction, long nowTicks, long? version)
    {
        command.Transaction = transaction;
        command.Parameters["@state"].Value = write.StateName;
        command.Parameters["@grain"].Value = grain;
        command.Parameters["@now"].Value = nowTicks;
        if (command.Parameters.Contains("@payload"))
        {
            command.Parameters["@payload"].Value = write.PayloadJson;
        }

        if (version is { } v)
        {
            command.Parameters["@version"].Value = v;
        }

        var result = command.ExecuteScalar();
        return result is long newVersion
            ? (Etags.Format(newVersion), null)
            : (null, Conflict(write, Current(write, grain, transaction)));
    }

    private string? Current(PendingStateWrite write, string grain, SqliteTransaction transaction)
    {
        _current.Transaction = transaction;
        _current.Parameters["@state"].Value = write.StateName;
        _current.Parameters["@grain"].Value = grain;
        return _current.ExecuteScalar() is long version ? Etags.Format(version) : null;
    }

    private static InconsistentStateException Conflict(PendingStateWrite write, string? storedEtag) =>
        new(write.StateName, write.GrainId, write.ExpectedEtag, storedEtag);

    private static SqliteCommand Create(SqliteConnection connection, string sql, bool withPayload, bool withVersion)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@state", SqliteType.Text);
        command.Parameters.Add("@grain", SqliteType.Text);
        command.Parameters.Add("@now", SqliteType.Integer);
        if (withPayload)
        {
            command.Parameters.Add("@payload", SqliteType.Text);
        }

        if (withVersion)
        {
            command.Parameters.Add("@version", SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }
}
