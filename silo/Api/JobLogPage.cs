using JobHub.Grains.Logs;

namespace JobHub.Silo.Api;

/// <summary>A slice of a job's log; ask again with <c>after=NextAfter</c> for what follows.</summary>
public sealed record JobLogPage(IReadOnlyList<JobLogEntry> Entries, long NextAfter);
