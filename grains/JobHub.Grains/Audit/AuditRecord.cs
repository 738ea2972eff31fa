namespace JobHub.Grains.Audit;

/// <summary>
/// One thing to record. <paramref name="Actor"/> is the acting user (or <c>anon</c>); <paramref name="Action"/> a dotted
/// verb such as <c>token.revoke</c>, <c>secret.write</c>, <c>dataset.visibility</c>, <c>job.stop</c>;
/// <paramref name="Target"/> what it touched (a user, group, namespace/name, dataset, job id); <paramref name="Outcome"/>
/// <c>ok</c> or <c>denied</c>/<c>failed</c>; <paramref name="Detail"/> a short human line. Never a secret value or token.
/// </summary>
public sealed record AuditRecord(string Actor, string Action, string Target, string Outcome, string? Detail = null);
