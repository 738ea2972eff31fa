namespace JobHub.Runtime.Sql.Internal;

/// <summary>The SQL form of <see cref="Reminders.RingRange.Contains"/> over a bigint <c>grain_hash</c> column.</summary>
internal static class RingQuery
{
    /// <summary>A WHERE condition using the parameters of <see cref="Parameters"/>.</summary>
    public static string Condition(uint begin, uint end) =>
        begin == end ? "1 = 1"
        : begin < end ? "(grain_hash > @begin AND grain_hash <= @end)"
        : "(grain_hash > @begin OR grain_hash <= @end)";

    /// <summary>The parameters <see cref="Condition"/> uses (none for the whole ring).</summary>
    public static (string Name, object Value)[] Parameters(uint begin, uint end) =>
        begin == end ? [] : [("@begin", (long)begin), ("@end", (long)end)];
}
