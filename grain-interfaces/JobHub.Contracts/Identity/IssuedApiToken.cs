using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>A new API token: the secret, shown this once (only its hash is stored), and its record.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.IssuedApiToken")]
public sealed record IssuedApiToken(
    [property: Id(0)] string Token,
    [property: Id(1)] ApiTokenInfo Info)
{
    /// <summary>The record without the secret, so the secret never reaches a log by way of this object.</summary>
    public override string ToString() => $"IssuedApiToken {{ Info = {Info} }}";
}
