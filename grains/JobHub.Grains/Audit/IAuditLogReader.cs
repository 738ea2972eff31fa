using JobHub.Contracts.Audit;

namespace JobHub.Grains.Audit;

/// <summary>Reads the audit log for admins (<c>GET /api/v1/audit</c>): filtered, newest first, a page at a time.</summary>
public interface IAuditLogReader
{
    /// <summary>One page of entries matching <paramref name="query"/>, newest first.</summary>
    /// <exception cref="ArgumentException">The query's cursor is not one the log handed out.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
