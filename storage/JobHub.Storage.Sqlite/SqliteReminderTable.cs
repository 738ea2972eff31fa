using JobHub.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace JobHub.Storage.Sqlite;

/// <summary>
/// Orleans reminders in a SQLite file (which may be the grain storage's). Rows are keyed by the silo's
/// <c>ServiceId</c>, grain id text and reminder name, and carry the grain's uniform hash for ring-range reads.
/// ETags are row versions: every upsert bumps it, and a remove needs the current one. Changes go through the file's
/// group-commit writer (shared with grain storage on the same file), reads through pooled connections.
/// </summary>
/// <remarks>Created by <see cref="SqliteReminderServiceCollectionExtensions.UseSqliteReminderService(IServiceCollection, Action{OptionsBuilder{SqliteReminderTableOptions}})"/>.</remarks>
public sealed partial class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, version";

    // Used only when no grain storage on the same file started the writer first.
    private const int WriteBatchSize = 256;
    private const int MaxPendingWrites = 10_000;

    private readonly string _serviceId;
    private readonly SqliteDatabase _database;
    private readonly SqliteConnectionSettings _settings;
    private readonly WriterLease _writer;
    private readonly ILogger _logger;

    /// <param name="options">The validated options.</param>
    /// <param name="serviceId">The Orleans service whose reminders this table holds.</param>
    /// <param name="database">The file.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="sharedStorage">
    /// A grain storage on the same file, if any: its writer settings are used, so whichever provider starts the
    /// file's writer first, they agree.
    /// </param>
    internal SqliteReminderTable(
        SqliteReminderTableOptions options,
        string serviceId,
        SqliteDatabase database,
        ILogger<SqliteReminderTable> logger,
        (string Name, SqliteGrainStorageOptions Options)? sharedStorage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        var result = new SqliteReminderTableOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteReminderTableOptions), result.Failures);
        }

        _serviceId = serviceId;
        _database = database;
        _settings = new SqliteConnectionSettings(options.BusyTimeout, options.DurableCommits);
        _writer = sharedStorage is { } storage
            ? new WriterLease(database, WriterSettings.From(storage.Options), $"the SQLite reminder table (with the writer settings of SQLite grain storage '{storage.Name}')", mustMatch: false)
            : new WriterLease(database, new WriterSettings(WriteBatchSize, MaxPendingWrites, _settings), "the SQLite reminder table", mustMatch: false);
        _logger = logger;
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath => _database.FilePath;

    /// <inheritdoc/>
    public Task Init() => StartAsync(CancellationToken.None);

    /// <summary>Creates or migrates the database file and joins its group-commit writer.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _writer.StartAsync(cancellationToken);
        LogStarted(_logger, _database.FilePath, _serviceId);
    }

    /// <summary>Commits queued changes and leaves the writer; later changes are refused.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _writer.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc/>
    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE service_id = @service AND grain_id = @grain;",
            cancellationToken,
            ("@grain", grainId.ToString()));
        return new ReminderTableData(rows);
    }

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>
    /// The reminders whose grain hash lies in the ring range (<paramref name="begin"/>, <paramref name="end"/>]; when
    /// <paramref name="begin"/> ≥ <paramref name="end"/> the range wraps past <see cref="uint.MaxValue"/> (and
    /// <paramref name="begin"/> = <paramref name="end"/> is the whole ring).
    /// </summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var range = begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE service_id = @service AND {range};",
            cancellationToken,
            ("@begin", (long)begin),
            ("@end", (long)end));
        return new ReminderTableData(rows);
    }

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <summary>The reminder, or null when the grain has none of that name.</summary>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name;",
            cancellationToken,
            ("@grain", grainId.ToString()),
            ("@name", reminderName));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc/>
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <summary>Inserts or replaces the reminder; returns its new ETag (the row version, bumped on every upsert).</summary>
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.ReminderName);
        var startAt = entry.StartAt.Kind == DateTimeKind.Local ? entry.StartAt.ToUniversalTime() : entry.StartAt;
        var version = await WriteAsync(
            new PendingReminderWrite(ReminderChange.Upsert, _serviceId, entry.GrainId.ToString(), entry.ReminderName)
            {
                GrainHash = entry.GrainId.GetUniformHashCode(),
                StartAtTicks = startAt.Ticks,
                PeriodTicks = entry.Period.Ticks,
            },
            cancellationToken);
        return Etags.Format(version);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>Removes the reminder if <paramref name="eTag"/> is its current ETag; false otherwise (or when there is none).</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!Etags.TryParse(eTag, out var version))
        {
            return false;
        }

        var removed = await WriteAsync(
            new PendingReminderWrite(ReminderChange.Remove, _serviceId, grainId.ToString(), reminderName) { ExpectedVersion = version },
            cancellationToken);
        return removed > 0;
    }

    /// <inheritdoc/>
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <summary>Deletes every reminder of this service.</summary>
    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await WriteAsync(new PendingReminderWrite(ReminderChange.ClearService, _serviceId), cancellationToken);
    }

    private async Task<long> WriteAsync(PendingReminderWrite write, CancellationToken cancellationToken)
    {
        await (await _writer.GetAsync(cancellationToken)).EnqueueAsync(write, cancellationToken);
        return await write.Completion;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@service", _serviceId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private async Task<List<ReminderEntry>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await _database.OpenAsync(_settings, cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = Etags.Format(reader.GetInt64(4)),
            });
        }

        return rows;
    }

    /// <summary>The factory <see cref="SqliteReminderServiceCollectionExtensions"/> registers.</summary>
    internal static SqliteReminderTable Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SqliteReminderTableOptions>>().Value;
        var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        var database = services.GetRequiredService<SqliteDatabaseRegistry>().Get(options.DataSource);
        return new SqliteReminderTable(options, serviceId, database, services.GetRequiredService<ILogger<SqliteReminderTable>>(), FindStorageOnSameFile(services, database));
    }

    private static (string Name, SqliteGrainStorageOptions Options)? FindStorageOnSameFile(IServiceProvider services, SqliteDatabase database)
    {
        var storageOptions = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>();
        foreach (var marker in services.GetServices<SqliteGrainStorageMarker>())
        {
            var options = storageOptions.Get(marker.Name);
            if (string.Equals(Path.GetFullPath(options.DataSource), database.FilePath, StringComparison.Ordinal))
            {
                return (marker.Name, options);
            }
        }

        return null;
    }
}
