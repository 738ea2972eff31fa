using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Identity;

/// <summary>Whether an API token is accepted.</summary>
[GenerateSerializer]
[Alias("jobhub.ApiTokenStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<ApiTokenStatus>))]
public enum ApiTokenStatus
{
    /// <summary>Accepted (until its expiry, which each use pushes on).</summary>
    [JsonStringEnumMemberName("active")]
    Active = 0,

    /// <summary>Unused for longer than the idle lifetime; refused for good.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired = 1,

    /// <summary>Revoked by its owner or an admin; refused for good.</summary>
    [JsonStringEnumMemberName("revoked")]
    Revoked = 2,
}
