namespace JobHub.Grains.Audit;

/// <summary>
/// The append-only audit log: who did what, when, and with what outcome. Writers append; admins read it filtered and a
/// page at a time (<c>/api/v1/audit</c>). An entry is never changed or removed.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends one entry; the log stamps its time and sequence number.</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
