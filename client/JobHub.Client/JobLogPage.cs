namespace JobHub.Client;

/// <summary>A slice of a job's log; read on with <c>after = NextAfter</c>.</summary>
/// <param name="Entries">The lines, oldest first.</param>
/// <param name="NextAfter">The sequence number of the last line returned (or the <c>after</c> asked for when there was none).</param>
public sealed record JobLogPage(IReadOnlyList<JobLogEntry> Entries, long NextAfter);
