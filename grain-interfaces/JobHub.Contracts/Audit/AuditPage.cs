using System.Collections.Immutable;

namespace JobHub.Contracts.Audit;

/// <summary>A page of the audit log, newest first; pass <see cref="NextCursor"/> back for the next page (null: no more).</summary>
/// <param name="Entries">The entries of this page, newest first.</param>
/// <param name="NextCursor">An opaque cursor for the next (older) page; null on the last page.</param>
public sealed record AuditPage(ImmutableArray<AuditEntry> Entries, string? NextCursor);
