namespace JobHub.Runtime.Membership;

/// <summary>
/// How silos watch each other. Bound from "JobHub:Membership". With the defaults a killed silo is
/// declared dead in about 4–6 s: 3 missed probes 1 s apart, then the votes, then one table refresh
/// for the others to see it.
/// </summary>
public sealed class MembershipOptions
{
    public const string SectionName = "JobHub:Membership";

    /// <summary>Identifies the cluster in the membership table and in connection handshakes (default "jobhub").</summary>
    public string ClusterId { get; set; } = "jobhub";

    /// <summary>How often each silo probes its ring successors and re-reads the table (default 1 s).</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one probe may take before it counts as missed (default 1 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes in a row after which a silo votes the target suspect (default 3).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How many silos each silo probes (default 3); more detect faster, cost more traffic.</summary>
    public int ProbedSilosCount { get; set; } = 3;

    /// <summary>Votes needed to declare a silo dead (default 2): one silo's bad link cannot kill another.</summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>Votes older than this are ignored (default 30 s).</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its IAmAlive time (default 2 s).</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// With no second voter left, a suspect is declared dead only once its IAmAlive is older than this
    /// (default 5 s). Also the age after which a joining silo ignores an active row as left over from a crash.
    /// </summary>
    public TimeSpan IAmAliveStaleness { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Dead rows older than this are removed from the table (default 1 day).</summary>
    public TimeSpan DefunctSiloExpiration { get; set; } = TimeSpan.FromDays(1);
}
