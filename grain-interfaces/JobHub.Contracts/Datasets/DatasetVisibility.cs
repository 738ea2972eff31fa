using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Datasets;

/// <summary>Who may read a dataset besides its owner.</summary>
[GenerateSerializer]
[Alias("jobhub.DatasetVisibility")]
[JsonConverter(typeof(JsonStringEnumConverter<DatasetVisibility>))]
public enum DatasetVisibility
{
    /// <summary>Only its owner (not even an admin; others are answered 404). The default.</summary>
    [JsonStringEnumMemberName("private")]
    Private = 0,

    /// <summary>Every authenticated user may read it and name it in a job; only its owner changes or deletes it.</summary>
    [JsonStringEnumMemberName("public")]
    Public = 1,
}
