using System.Runtime.InteropServices;
using JobHub.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in a SQLite file. Writes and clears are queued to the file's group-commit writer, which
/// commits many of them per transaction; reads use pooled connections and, with WAL, never wait for the writer.
/// Rows are keyed by state name and <see cref="GrainId"/> text; the state is a BLOB made by
/// <see cref="SqliteGrainStorageOptions.GrainStorageSerializer"/>; ETags are row versions.
/// </summary>
/// <remarks>Created by <see cref="SqliteGrainStorageServiceCollectionExtensions.AddSqliteGrainStorage(IServiceCollection, string, Action{SqliteGrainStorageOptions})"/>.</remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private const string SelectState = "SELECT payload, version FROM grain_state WHERE state_name = @state AND grain_id = @grain;";

    private readonly string _name;
    private readonly SqliteDatabase _database;
    private readonly SqliteConnectionSettings _connectionSettings;
    private readonly WriterLease _writer;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;

    internal SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        SqliteDatabase database,
        IActivatorProvider activatorProvider,
        ILogger<SqliteGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new SqliteGrainStorageOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(SqliteGrainStorageOptions), result.Failures);
        }

        _name = name;
        _database = database;
        var writerSettings = WriterSettings.From(options);
        _connectionSettings = writerSettings.Connection;
        _writer = new WriterLease(database, writerSettings, $"SQLite grain storage '{name}'", mustMatch: true);
        _serializer = options.GrainStorageSerializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath => _database.FilePath;

    /// <inheritdoc/>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(_name), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);
    }

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        try
        {
            await using var connection = await _database.OpenAsync(_connectionSettings, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = SelectState;
            command.Parameters.Add("@state", SqliteType.Text).Value = stateName;
            command.Parameters.Add("@grain", SqliteType.Text).Value = grainId.ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                grainState.State = CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            var version = reader.GetInt64(1);
            if (reader.IsDBNull(0))
            {
                // A tombstone: the record was cleared; its version is the ETag the next write must present.
                grainState.State = CreateInstance<T>();
                grainState.ETag = Etags.Format(version);
                grainState.RecordExists = false;
                return;
            }

            var payload = reader.GetFieldValue<byte[]>(0);
            grainState.State = _serializer.Deserialize<T>(new BinaryData(payload)) ?? CreateInstance<T>();
            grainState.ETag = Etags.Format(version);
            grainState.RecordExists = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(_logger, ex, _name, stateName, grainId);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    /// <exception cref="InconsistentStateException">The grain's ETag is not the stored one.</exception>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = ToArray(_serializer.Serialize(grainState.State));
        var write = new PendingStateWrite(stateName, grainId, payload, grainState.ETag);
        await (await _writer.GetAsync(cancellationToken)).EnqueueAsync(write, cancellationToken);
        grainState.ETag = await write.Completion;
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc/>
    /// <exception cref="InconsistentStateException">The grain's ETag is not the stored one.</exception>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var write = new PendingStateWrite(stateName, grainId, payload: null, grainState.ETag);
        await (await _writer.GetAsync(cancellationToken)).EnqueueAsync(write, cancellationToken);
        var etag = await write.Completion;
        grainState.State = CreateInstance<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    /// <summary>Commits the queued writes and leaves the file's writer; later writes fail.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>As <see cref="DisposeAsync"/>, blocking until the queued writes are committed (for containers disposed synchronously).</summary>
    public void Dispose() => StopAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Creates or migrates the file and joins its group-commit writer (also done on first use).</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        await _writer.StartAsync(cancellationToken);
        LogStarted(_logger, _name, _database.FilePath, _writer.Settings.WriteBatchSize, _connectionSettings.DurableCommits);
    }

    /// <summary>Commits the queued writes and leaves the writer (the last user of the file stops it).</summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await _writer.StopAsync(cancellationToken))
        {
            LogStopped(_logger, _name, _database.FilePath);
        }
    }

    private T CreateInstance<T>() => _activatorProvider.GetActivator<T>().Create();

    private static byte[] ToArray(BinaryData data)
    {
        var memory = data.ToMemory();
        return MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
    }

    /// <summary>The factory <see cref="SqliteGrainStorageServiceCollectionExtensions"/> registers for each storage name.</summary>
    internal static SqliteGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);
        var database = services.GetRequiredService<SqliteDatabaseRegistry>().Get(options.DataSource);
        return new SqliteGrainStorage(
            name,
            options,
            database,
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<SqliteGrainStorage>>());
    }
}
