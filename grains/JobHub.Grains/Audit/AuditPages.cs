using JobHub.Contracts.Audit;

namespace JobHub.Grains.Audit;

/// <summary>Makes a page from up to <c>limit + 1</c> entries read newest first: the extra one only says there is more.</summary>
internal static class AuditPages
{
    public static AuditPage Of(IReadOnlyList<AuditEntry> read, int limit) =>
        read.Count > limit
            ? new AuditPage([.. read.Take(limit)], AuditCursor.Encode(read[limit - 1].Sequence))
            : new AuditPage([.. read], null);
}
