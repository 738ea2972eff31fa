namespace JobHub.Runtime.Membership;

/// <summary>A silo's vote that another silo did not answer its probes, and when it said so.</summary>
public sealed record SuspectVote(SiloAddress Voter, DateTimeOffset At);
