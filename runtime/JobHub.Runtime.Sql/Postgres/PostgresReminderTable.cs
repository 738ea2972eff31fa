using JobHub.Runtime.Reminders;
using JobHub.Runtime.Sql.Internal;

namespace JobHub.Runtime.Sql.Postgres;

/// <summary>Reminders in PostgreSQL (the statements are shared with the other SQL provider; see <c>SqlReminderTable</c>).</summary>
public sealed class PostgresReminderTable : IReminderTable
{
    private readonly SqlReminderTable _table;

    public PostgresReminderTable(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _table = new SqlReminderTable(database.Dialect);
    }

    public Task<ReminderEntry> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default) => _table.UpsertAsync(entry, cancellationToken);

    public Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default) => _table.RemoveAsync(grainId, name, cancellationToken);

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken = default) => _table.ReadAsync(grainId, name, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAllForGrainAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        _table.ReadAllForGrainAsync(grainId, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint begin, uint end, CancellationToken cancellationToken = default) =>
        _table.ReadRangeAsync(begin, end, cancellationToken);
}
