using System.Text.Json.Serialization;
using Orleans;

namespace JobHub.Contracts.Datasets;

/// <summary>Who may read a dataset besides its owner: no one, every user, or one project's members and jobs.</summary>
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

    /// <summary>
    /// The members of one project (<see cref="DatasetInfo.Project"/>) may read it, and jobs that run in that project may name
    /// it; only its owner changes or deletes it. The share ends when the project is deleted (a later project of the same
    /// name does not inherit it).
    /// </summary>
    [JsonStringEnumMemberName("project")]
    Project = 2,
}
