using JobHub.Contracts.Audit;

namespace JobHub.Grains.Audit;

/// <summary>What every log stores of a record: fields cut to their bounds, so one odd value never fails an append.</summary>
internal static class AuditFields
{
    public static AuditRecord Bounded(AuditRecord record) => new(
        Clip(record.Actor, AuditLimits.MaxFieldLength),
        Clip(record.Action, AuditLimits.MaxFieldLength),
        Clip(record.Target, AuditLimits.MaxFieldLength),
        Clip(record.Outcome, AuditLimits.MaxFieldLength),
        record.Detail is null ? null : Clip(record.Detail, AuditLimits.MaxDetailLength));

    /// <summary>True when <paramref name="entry"/> passes every filter of <paramref name="query"/> (the in-memory log's test).</summary>
    public static bool Matches(AuditQuery query, AuditEntry entry, long? before) =>
        (query.Actor is null || entry.Actor == query.Actor)
        && (query.ActionPrefix is null || entry.Action.StartsWith(query.ActionPrefix, StringComparison.Ordinal))
        && (query.Target is null || entry.Target == query.Target)
        && (query.Outcome is null || entry.Outcome == query.Outcome)
        && (query.Since is null || entry.Time >= query.Since)
        && (query.Until is null || entry.Time < query.Until)
        && (before is null || entry.Sequence < before);

    /// <summary>A LIKE pattern matching values that start with <paramref name="prefix"/> (escape character <c>\</c>).</summary>
    public static string LikePrefix(string prefix) =>
        prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private static string Clip(string? value, int max)
    {
        value ??= string.Empty;
        return value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
    }
}
