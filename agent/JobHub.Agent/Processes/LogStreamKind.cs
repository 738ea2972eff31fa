using System.Text.Json.Serialization;

namespace JobHub.Agent.Processes;

/// <summary>Which output stream a log line came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LogStreamKind>))]
public enum LogStreamKind
{
    /// <summary>Standard output.</summary>
    [JsonStringEnumMemberName("stdout")]
    StandardOutput = 0,

    /// <summary>Standard error.</summary>
    [JsonStringEnumMemberName("stderr")]
    StandardError = 1,
}
