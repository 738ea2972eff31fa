using JobHub.Contracts.Audit;

namespace JobHub.Grains.Audit;

/// <summary>
/// What to read from the audit log, newest first. Every filter is optional; those given must all match.
/// </summary>
/// <param name="Actor">Only entries of this acting user (exact).</param>
/// <param name="ActionPrefix">Only actions starting with this (<c>token.</c>, <c>user.disable</c>).</param>
/// <param name="Target">Only entries touching this target (exact).</param>
/// <param name="Outcome">Only this outcome (<see cref="AuditOutcomes"/>).</param>
/// <param name="Since">Only entries written at or after this time.</param>
/// <param name="Until">Only entries written before this time.</param>
/// <param name="Limit">Entries per page, 1 to <see cref="AuditLimits.MaxPage"/> (larger values are lowered to it).</param>
/// <param name="Cursor">Where the page starts (<see cref="AuditPage.NextCursor"/> of the previous one); null for the newest.</param>
public sealed record AuditQuery(
    string? Actor = null,
    string? ActionPrefix = null,
    string? Target = null,
    string? Outcome = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Limit = AuditLimits.DefaultPage,
    string? Cursor = null)
{
    /// <summary>The page size actually used: 1 to <see cref="AuditLimits.MaxPage"/>.</summary>
    public int BoundedLimit => Math.Clamp(Limit, 1, AuditLimits.MaxPage);

    /// <summary>The sequence number the page starts below, or null for the newest entries.</summary>
    /// <exception cref="ArgumentException">The cursor is not one the server handed out.</exception>
    public long? Before() => Cursor is null ? null
        : AuditCursor.TryDecode(Cursor, out var sequence) ? sequence
        : throw new ArgumentException("It is not a cursor of the audit log.", nameof(Cursor));
}
