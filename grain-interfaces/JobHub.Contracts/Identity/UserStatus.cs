using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>Where a user is in their life: staged (invited) → regular ⇄ disabled. Regular users are never deleted.</summary>
[GenerateSerializer]
[Alias("jobhub.UserStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<UserStatus>))]
public enum UserStatus
{
    /// <summary>Invited, not yet redeemed: can be pre-configured and deleted, can do nothing.</summary>
    [JsonStringEnumMemberName("staged")]
    Staged = 0,

    /// <summary>A full user (in <c>jobhub/users</c>); never deleted, only disabled.</summary>
    [JsonStringEnumMemberName("regular")]
    Regular = 1,

    /// <summary>A regular user who may no longer act; their tokens are refused. Kept so their jobs, bills and data stay attributable.</summary>
    [JsonStringEnumMemberName("disabled")]
    Disabled = 2,
}
