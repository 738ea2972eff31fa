using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>The result of <see cref="IApiTokenGrain.Verify"/>: whether the token is accepted and, if so, who it acts as.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ApiTokenCheck")]
public sealed record ApiTokenCheck(
    [property: Id(0)] ApiTokenCheckResult Result,
    [property: Id(1)] string? UserName,
    [property: Id(2)] DateTimeOffset? ExpiresAt)
{
    /// <summary>True when the token is accepted.</summary>
    public bool IsValid => Result == ApiTokenCheckResult.Valid;

    /// <summary>A refusal with no user.</summary>
    public static ApiTokenCheck Refused(ApiTokenCheckResult result) => new(result, null, null);
}
