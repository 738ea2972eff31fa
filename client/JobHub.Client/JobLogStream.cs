using System.Text.Json.Serialization;

namespace JobHub.Client;

/// <summary>Which output stream of a job's process a log line came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobLogStream>))]
public enum JobLogStream
{
    /// <summary>Standard output.</summary>
    [JsonStringEnumMemberName("stdout")]
    StandardOutput = 0,

    /// <summary>Standard error.</summary>
    [JsonStringEnumMemberName("stderr")]
    StandardError = 1,
}
