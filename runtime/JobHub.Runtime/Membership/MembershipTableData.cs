namespace JobHub.Runtime.Membership;

/// <summary>A consistent snapshot: rows (each with its own ETag) and the table version they were read at.</summary>
public sealed record MembershipTableData(IReadOnlyList<(MembershipEntry Entry, string Etag)> Rows, TableVersion Version);
