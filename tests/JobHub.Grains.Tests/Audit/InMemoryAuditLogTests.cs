using JobHub.Grains.Audit;

namespace JobHub.Grains.Tests.Audit;

/// <summary>The audit log contract on the in-memory log (the default until a durable one is chosen).</summary>
public sealed class InMemoryAuditLogTests : AuditLogContractTests
{
    private readonly InMemoryAuditLog _log;

    public InMemoryAuditLogTests() => _log = new InMemoryAuditLog(Time);

    protected override IAuditLog Log => _log;

    protected override IAuditLogReader Reader => _log;
}
