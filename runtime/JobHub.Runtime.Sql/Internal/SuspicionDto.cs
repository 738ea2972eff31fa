namespace JobHub.Runtime.Sql.Internal;

/// <summary>Stored form of a <see cref="Membership.SuspectVote"/>.</summary>
internal sealed record SuspicionDto(string Voter, DateTimeOffset At);
