using System.CommandLine;
using System.Net;
using System.Text.Json;
using JobHub.Client;

namespace JobHub.Cli;

/// <summary>Runs a command's work with a client and turns every failure into a message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static void SetAction(this Command command, GlobalOptions global, Func<ParseResult, JobHubClient, CancellationToken, Task<int>> work) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var client = global.CreateClient(parse);
                return await work(parse, client, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("interrupted");
                return ExitCodes.Interrupted;
            }
            catch (Exception e)
            {
                return Report(e, parse.GetValue(global.Url));
            }
        });

    public static int Report(Exception exception, string? url)
    {
        var error = Console.Error;
        switch (exception)
        {
            case CliUsageException usage:
                error.WriteLine($"error: {usage.Message}");
                return ExitCodes.UsageError;
            case JobHubApiException api:
                error.WriteLine($"error: {api.Title}{(string.IsNullOrWhiteSpace(api.Detail) ? string.Empty : " " + api.Detail)} (HTTP {(int)api.StatusCode})");
                foreach (var (field, messages) in api.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    foreach (var message in messages)
                    {
                        error.WriteLine($"  {field}: {message}");
                    }
                }

                return api.StatusCode switch
                {
                    HttpStatusCode.NotFound or HttpStatusCode.Gone => ExitCodes.NotFound,
                    HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Conflict
                        or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge => ExitCodes.Refused,
                    _ => ExitCodes.ServerError,
                };
            case HttpRequestException http:
                error.WriteLine($"error: cannot reach JobHub at {url}: {http.Message}");
                return ExitCodes.ServerError;
            case TimeoutException timeout:
                error.WriteLine($"error: {timeout.Message}");
                return ExitCodes.ServerError;
            case JsonException json:
                error.WriteLine($"error: the server's answer could not be read: {json.Message}");
                return ExitCodes.ServerError;
            case IOException or UnauthorizedAccessException:
                error.WriteLine($"error: {exception.Message}");
                return ExitCodes.ServerError;
            default:
                error.WriteLine($"error: {exception}");
                return ExitCodes.ServerError;
        }
    }
}
