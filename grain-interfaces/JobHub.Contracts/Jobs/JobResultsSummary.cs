namespace JobHub.GrainInterfaces.Jobs;

/// <summary>The results summary file as kept with the job.</summary>
/// <param name="Content">Valid JSON as written, or the raw text; at most 1,000 characters.</param>
/// <param name="Truncated">The file was longer and <paramref name="Content"/> is its beginning.</param>
/// <param name="InvalidJson">The file did not hold valid JSON.</param>
public sealed record JobResultsSummary(string Content, bool Truncated, bool InvalidJson);
