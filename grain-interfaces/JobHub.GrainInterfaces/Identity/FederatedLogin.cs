using System.Collections.Immutable;
using JobHub.Contracts.Identity;
using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>The answer of <see cref="IUserGrain.FederatedLogin"/>: the outcome, the user's access when accepted, and the site groups joined and left.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.FederatedLogin")]
public sealed record FederatedLogin(
    [property: Id(0)] FederatedLoginOutcome Outcome,
    [property: Id(1)] UserAccess? Access,
    [property: Id(2)] ImmutableArray<string> Joined,
    [property: Id(3)] ImmutableArray<string> Left)
{
    /// <summary>True when the login was accepted (<see cref="Access"/> is set).</summary>
    public bool IsAccepted => Outcome is FederatedLoginOutcome.Regular or FederatedLoginOutcome.Promoted;

    /// <summary>A refusal that changed nothing.</summary>
    public static FederatedLogin Refused(FederatedLoginOutcome outcome) => new(outcome, null, [], []);
}
