namespace JobHub.Agent.Results;

/// <summary>What a job's summary file held, as kept with the job.</summary>
/// <param name="Content">The JSON text, or the raw text when it was not valid JSON; at most 1,000 characters.</param>
/// <param name="Truncated">The file held more than 1,000 characters; <see cref="Content"/> is its beginning.</param>
/// <param name="InvalidJson">The file was not valid JSON (or too large to check, see <see cref="ResultsSummaryReader"/>).</param>
public sealed record ResultsSummary(string Content, bool Truncated, bool InvalidJson);
