using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// The writer connection's prepared grain-state statements. ETags are row versions and must match exactly: no ETag
/// matches only "no row at all", and a cleared record stays as a tombstone row (payload NULL, version bumped) so an
/// ETag from before a clear can never match a later record. The new version is known without reading it back: 1
/// after an insert, the expected version + 1 after an update or clear.
/// </summary>
internal sealed class SqliteStateCommands : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _clear;
    private readonly SqliteCommand _current;

    public SqliteStateCommands(SqliteConnection connection)
    {
        _insert = Create(connection, """
            INSERT INTO grain_state (state_name, grain_id, payload, version, updated_at)
            VALUES (@state, @grain, @payload, 1, @now)
            ON CONFLICT (state_name, grain_id) DO NOTHING;
            """, withPayload: true, withVersion: false);
        _update = Create(connection, """
            UPDATE grain_state SET payload = @payload, version = version + 1, updated_at = @now
            WHERE state_name = @state AND grain_id = @grain AND version = @version;
            """, withPayload: true, withVersion: true);
        _clear = Create(connection, """
            UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = @now
            WHERE state_name = @state AND grain_id = @grain AND version = @version;
            """, withPayload: false, withVersion: true);
        _current = connection.CreateCommand();
        _current.CommandText = "SELECT version FROM grain_state WHERE state_name = @state AND grain_id = @grain;";
        _current.Parameters.Add("@state", SqliteType.Text);
        _current.Parameters.Add("@grain", SqliteType.Text);
        _current.Prepare();
    }

    /// <summary>Applies one write inside the caller's transaction; returns the new ETag or the conflict.</summary>
    public (string? Etag, InconsistentStateException? Conflict) Apply(PendingStateWrite write, SqliteTransaction transaction, long nowTicks)
    {
        if (write.ExpectedEtag is null)
        {
            if (write.IsClear)
            {
                // Clearing a record that never existed: nothing to do, as long as there still is no row.
                var stored = Current(write, transaction);
                return stored is null ? (null, null) : (null, Conflict(write, stored));
            }

            return Run(_insert, write, transaction, nowTicks, expectedVersion: 0);
        }

        if (!Etags.TryParse(write.ExpectedEtag, out var expected))
        {
            return (null, Conflict(write, Current(write, transaction)));
        }

        return Run(write.IsClear ? _clear : _update, write, transaction, nowTicks, expected);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
        _clear.Dispose();
        _current.Dispose();
    }

    /// <summary>Runs an insert (<paramref name="expectedVersion"/> 0) or a versioned update; one changed row means success.</summary>
    private (string? Etag, InconsistentStateException? Conflict) Run(
        SqliteCommand command, PendingStateWrite write, SqliteTransaction transaction, long nowTicks, long expectedVersion)
    {
        command.Transaction = transaction;
        var parameters = command.Parameters;
        parameters[0].Value = write.StateName;
        parameters[1].Value = write.GrainKey;
        parameters[2].Value = nowTicks;
        var next = 3;
        if (!write.IsClear)
        {
            parameters[next++].Value = write.Payload;
        }

        if (expectedVersion != 0)
        {
            parameters[next].Value = expectedVersion;
        }

        return command.ExecuteNonQuery() == 1
            ? (Etags.Format(expectedVersion + 1), null)
            : (null, Conflict(write, Current(write, transaction)));
    }

    private string? Current(PendingStateWrite write, SqliteTransaction transaction)
    {
        _current.Transaction = transaction;
        _current.Parameters[0].Value = write.StateName;
        _current.Parameters[1].Value = write.GrainKey;
        return _current.ExecuteScalar() is long version ? Etags.Format(version) : null;
    }

    private static InconsistentStateException Conflict(PendingStateWrite write, string? storedEtag) => new(
        $"Version conflict on {(write.IsClear ? "clear" : "write")} of state '{write.StateName}' of grain {write.GrainId}: " +
        $"the grain's ETag is {write.ExpectedEtag ?? "(none)"} but the stored ETag is {storedEtag ?? "(none: no record)"}.",
        storedEtag,
        write.ExpectedEtag);

    /// <summary>Parameters in this order: @state, @grain, @now, [@payload], [@version].</summary>
    private static SqliteCommand Create(SqliteConnection connection, string sql, bool withPayload, bool withVersion)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@state", SqliteType.Text);
        command.Parameters.Add("@grain", SqliteType.Text);
        command.Parameters.Add("@now", SqliteType.Integer);
        if (withPayload)
        {
            command.Parameters.Add("@payload", SqliteType.Blob);
        }

        if (withVersion)
        {
            command.Parameters.Add("@version", SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }
}
