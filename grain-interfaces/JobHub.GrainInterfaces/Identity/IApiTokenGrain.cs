using JobHub.Contracts.Identity;
using Orleans;
using Orleans.Concurrency;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>
/// One API token (key: its id, the lower-case hex SHA-256 of the secret; the secret is never stored). One activation per
/// token in the whole cluster, so a revocation or an expiry is seen by every silo at once. A token expires after the
/// idle lifetime without an accepted use; each accepted use pushes its expiry on (sliding).
/// </summary>
[Alias("jobhub.IApiTokenGrain")]
public interface IApiTokenGrain : IGrainWithStringKey
{
    /// <summary>Creates the token's record (called by the owner's user grain); a repeat with the same owner and name answers the record.</summary>
    [Alias("Register")]
    Task<ApiTokenInfo> Register(ApiTokenRegistration registration);

    /// <summary>
    /// Checks a presented token: its hash must be this grain's key, it must be neither revoked nor expired, and its owner
    /// must be a regular user. An accepted token's expiry moves to now + the idle lifetime. Never throws for a bad token.
    /// </summary>
    [Alias("Verify")]
    Task<ApiTokenCheck> Verify(string token);

    /// <summary>The token's record, or null when there is none. Read-only; answered even while the grain waits on another call.</summary>
    [AlwaysInterleave]
    [Alias("Get")]
    Task<ApiTokenInfo?> Get();

    /// <summary>Revokes the token for good (called by the owner's user grain); null when there is no such token.</summary>
    [Alias("Revoke")]
    Task<ApiTokenInfo?> Revoke(string by);
}
