using System.Globalization;
using System.Runtime.InteropServices;
using JobHub.Storage.Postgres.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration.Overrides;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace JobHub.Storage.Postgres;

/// <summary>
/// Orleans grain storage in PostgreSQL with group commit: writes and clears queue for one writer loop, which commits a
/// batch of them with one statement (see <see cref="PostgresGrainStorageOptions.BatchSize"/>); reads go straight to
/// the pool. Each write is still a compare-and-swap on its row's version (the ETag), so a stale ETag fails only that
/// write, with <see cref="InconsistentStateException"/>. A clear keeps a tombstone (payload NULL) at a new version, so
/// an old ETag never matches again. Table: <see cref="PostgresGrainStateSchema"/>. Register it with
/// <c>AddPostgresGrainStorage</c>.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly PostgresDatabase _database;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly GroupCommitWriter _writer;
    private volatile bool _migrated;

    /// <summary>Creates the storage and starts its writer loop; its table is created on first use if missing.</summary>
    /// <param name="name">The provider name (in messages).</param>
    /// <param name="options">Validated options; <see cref="PostgresGrainStorageOptions.GrainStorageSerializer"/> must be set.</param>
    /// <param name="database">The database of <paramref name="options"/>' connection string and schema.</param>
    /// <param name="serviceId">The Orleans service id: rows of other services in the same table are never seen.</param>
    /// <param name="activators">Creates the empty state of a grain that has none stored.</param>
    /// <param name="logger">Where batch failures are logged.</param>
    public PostgresGrainStorage(string name, PostgresGrainStorageOptions options, PostgresDatabase database, string serviceId, IActivatorProvider activators, ILogger<PostgresGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(serviceId);
        ArgumentNullException.ThrowIfNull(activators);
        ArgumentNullException.ThrowIfNull(logger);
        var result = new PostgresGrainStorageOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(PostgresGrainStorageOptions), result.Failures);
        }

        Name = name;
        _database = database;
        _serviceId = serviceId;
        _serializer = options.GrainStorageSerializer;
        _activators = activators;
        _writer = new GroupCommitWriter(database.DataSource, serviceId, options.BatchSize, options.QueueCapacity, Conflict, logger);
    }

    /// <summary>The provider name.</summary>
    public string Name { get; }

    /// <summary>How many batch statements the writer has committed.</summary>
    internal long CommittedBatches => _writer.CommittedBatches;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _database.DataSource.CreateCommand(GrainStateSql.Read);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", NpgsqlDbType.Text) { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", NpgsqlDbType.Text) { TypedValue = stateName });
        command.Parameters.Add(new NpgsqlParameter<string>("grain_id", NpgsqlDbType.Text) { TypedValue = grainId.ToString() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Reset(grainState, etag: null);
            return;
        }

        var version = reader.GetInt64(1);
        if (await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false))
        {
            Reset(grainState, Format(version)); // a tombstone: no state, but the version goes on
            return;
        }

        var payload = await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
        grainState.State = _serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = Format(version);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    /// <exception cref="InconsistentStateException">The stored version is not the state's ETag.</exception>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var write = new PendingStateWrite(stateName, grainId.ToString(), Serialize(grainState.State), ParseEtag(stateName, grainId, grainState.ETag));
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var version = await _writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        grainState.ETag = version is { } v ? Format(v) : null;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    /// <exception cref="InconsistentStateException">The stored version is not the state's ETag.</exception>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var write = new PendingStateWrite(stateName, grainId.ToString(), payload: null, ParseEtag(stateName, grainId, grainState.ETag));
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var version = await _writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        Reset(grainState, version is { } v ? Format(v) : null);
    }

    /// <summary>Stops taking writes and commits those already queued.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>Creates the storage named <paramref name="name"/> from the silo's services (see <c>AddPostgresGrainStorage</c>).</summary>
    internal static PostgresGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name);
        return new PostgresGrainStorage(
            name,
            options,
            services.GetRequiredService<PostgresDatabaseRegistry>().Get(options),
            services.GetProviderClusterOptions(name).Value.ServiceId,
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<PostgresGrainStorage>>());
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    private async ValueTask EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await _database.EnsureMigratedAsync(PostgresGrainStateSchema.Migrations, cancellationToken).ConfigureAwait(false);
            _migrated = true;
        }
    }

    private long? ParseEtag(string stateName, GrainId grainId, string? etag)
    {
        if (string.IsNullOrWhiteSpace(etag))
        {
            return null;
        }

        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException(
                $"Grain state '{stateName}' of {grainId} in storage '{Name}': the ETag '{etag}' was not issued by this storage.", storedEtag: null, currentEtag: etag);
    }

    private byte[] Serialize<T>(T state)
    {
        var memory = _serializer.Serialize(state).ToMemory();
        return MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
    }

    private void Reset<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private InconsistentStateException Conflict(PendingStateWrite write, long? seenVersion)
    {
        var expected = write.ExpectedVersion is { } e ? Format(e) : null;
        var stored = seenVersion is { } s ? Format(s) : null;
        var operation = write.Payload is null ? "clear" : "write";
        return new InconsistentStateException(
            $"Version conflict ({operation}) of grain state '{write.StateName}' of {write.GrainId} in storage '{Name}': " +
            $"the caller's ETag is {expected ?? "none"}, the stored version is {stored ?? "none"}.",
            storedEtag: stored,
            currentEtag: expected);
    }
}
