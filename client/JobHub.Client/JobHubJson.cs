using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobHub.Client;

/// <summary>The API's JSON conventions: camelCase names, enums as strings, <see cref="TimeSpan"/> as <c>hh:mm:ss</c>.</summary>
public static class JobHubJson
{
    /// <summary>Options that read and write the API's JSON; also used by the CLI for <c>--json</c> output and job files.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
