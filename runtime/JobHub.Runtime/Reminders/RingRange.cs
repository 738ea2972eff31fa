namespace JobHub.Runtime.Reminders;

/// <summary>Arithmetic on ranges (begin, end] of the 32-bit hash ring.</summary>
public static class RingRange
{
    /// <summary>True when <paramref name="hash"/> lies in (begin, end]; begin == end is the whole ring; begin &gt; end wraps around zero.</summary>
    public static bool Contains(uint begin, uint end, uint hash) =>
        begin == end || (begin < end ? hash > begin && hash <= end : hash > begin || hash <= end);
}
