using System.Text.Json;
using JobHub.Client;

namespace JobHub.Cli.Output;

/// <summary>What a command prints as its answer: the value as JSON with <c>--json</c>, else its text form.</summary>
internal static class CommandOutput
{
    /// <summary>Prints <paramref name="value"/> to stdout, as JSON or with <paramref name="writeText"/>; answers the success exit code.</summary>
    public static async Task<int> WriteAsync<T>(T value, bool json, Action<TextWriter, T> writeText)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(value, JobHubJson.Options));
        }
        else
        {
            writeText(Console.Out, value);
        }

        return ExitCodes.Success;
    }
}
