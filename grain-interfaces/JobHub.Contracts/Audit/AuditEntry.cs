namespace JobHub.Contracts.Audit;

/// <summary>
/// One entry of the audit log, as <c>GET /api/v1/audit</c> answers it: never changed or removed once written.
/// </summary>
/// <param name="Sequence">Its number in the log: grows with every entry (gaps are possible on PostgreSQL).</param>
/// <param name="Time">When the log wrote it (UTC).</param>
/// <param name="Actor">The acting user (<c>anon</c> without a token).</param>
/// <param name="Action">A dotted verb such as <c>token.create</c>, <c>user.disable</c>, <c>user.login</c>.</param>
/// <param name="Target">What it touched: a user, <c>{realm}/{name}</c> group, <c>user/feature</c>, a token's name.</param>
/// <param name="Outcome"><c>ok</c>, <c>denied</c> (a rule refused it) or <c>failed</c>.</param>
/// <param name="Detail">A short human line; never a secret, token or invitation code.</param>
public sealed record AuditEntry(long Sequence, DateTimeOffset Time, string Actor, string Action, string Target, string Outcome, string? Detail);
