namespace JobHub.Runtime.Membership;

/// <summary>One row of the membership table: a silo incarnation and what the cluster knows of it.</summary>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    string SiloName,
    string HostName,
    int GatewayPort,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    IReadOnlyList<SuspectVote> Suspicions);
