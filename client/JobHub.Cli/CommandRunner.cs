using System.CommandLine;
using System.Net;
using System.Text.Json;
using JobHub.Client;
using JobHub.Contracts.Validation;

namespace JobHub.Cli;

/// <summary>
/// Runs a command's work with a client and turns every failure into one line per problem on stderr and an exit code
/// (docs/cli.md, "Exit codes"); no stack trace is ever printed (set <c>JOBHUB_DEBUG=1</c> to get one for an unexpected failure).
/// Everything a message echoes from the user or the server is escaped with <see cref="TextRules.ForTerminal"/>.
/// </summary>
internal static class CommandRunner
{
    public const string DebugVariable = "JOBHUB_DEBUG";

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
                Error("interrupted");
                return ExitCodes.Interrupted;
            }
            catch (Exception e)
            {
                return Report(e, parse.GetValue(global.Url));
            }
        });

    /// <summary>Like <see cref="SetAction(Command, GlobalOptions, Func{ParseResult, JobHubClient, CancellationToken, Task{int}})"/>, for a command that makes its own clients (login, logout, whoami).</summary>
    public static void SetAction(this Command command, GlobalOptions global, Func<ParseResult, CancellationToken, Task<int>> work) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await work(parse, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Error("interrupted");
                return ExitCodes.Interrupted;
            }
            catch (Exception e)
            {
                return Report(e, parse.GetValue(global.Url));
            }
        });

    /// <summary>Writes <c>error: message</c> on one line of stderr, escaping control characters.</summary>
    public static void Error(string message) => Console.Error.WriteLine("error: " + TextRules.ForTerminal(message));

    public static int Report(Exception exception, string? url)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case CliUsageException usage:
                Error(usage.Message);
                return ExitCodes.UsageError;
            case JobHubValidationException invalid:
                // Checked by the SDK before sending: nothing was sent.
                foreach (var (field, messages) in invalid.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    foreach (var message in messages)
                    {
                        Error($"{FieldOptions.Describe(field)}: {message}");
                    }
                }

                return ExitCodes.UsageError;
            case JobHubApiException api:
                ReportRefusal(api);
                return api.StatusCode switch
                {
                    HttpStatusCode.NotFound or HttpStatusCode.Gone => ExitCodes.NotFound,
                    HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.Conflict
                        or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge => ExitCodes.Refused,
                    _ => ExitCodes.ServerError,
                };
            case HttpRequestException http:
                Error($"cannot reach JobHub at {url}: {http.Message}");
                return ExitCodes.ServerError;
            case TimeoutException timeout:
                Error(timeout.Message);
                return ExitCodes.ServerError;
            case JsonException json:
                Error($"the server's answer could not be read: {json.Message}");
                return ExitCodes.ServerError;
            case ArgumentException argument:
                // The SDK's guard clauses: a value the command line passed through unchecked.
                Error(argument.Message);
                return ExitCodes.UsageError;
            case IOException or UnauthorizedAccessException or InvalidDataException:
                Error(exception.Message);
                return ExitCodes.ServerError;
            case OperationCanceledException:
                Error("the request was cancelled before the server answered.");
                return ExitCodes.ServerError;
            default:
                Error($"{exception.GetType().Name}: {exception.Message}{(IsDebug() ? string.Empty : $" (set {DebugVariable}=1 for details)")}");
                if (IsDebug())
                {
                    Console.Error.WriteLine(exception);
                }

                return ExitCodes.ServerError;
        }
    }

    /// <summary>The server's refusal: title and status on the first line, then each bad field (or the detail) on its own line.</summary>
    private static void ReportRefusal(JobHubApiException api)
    {
        var status = $"(HTTP {(int)api.StatusCode})";
        if (api.Errors.Count == 0)
        {
            Error(string.IsNullOrWhiteSpace(api.Detail) ? $"{api.Title} {status}" : $"{api.Title} {api.Detail} {status}");
            return;
        }

        Error($"{api.Title} {status}");
        foreach (var (field, messages) in api.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var message in messages)
            {
                Console.Error.WriteLine("  " + TextRules.ForTerminal($"{field}: {message}"));
            }
        }
    }

    private static bool IsDebug() => Environment.GetEnvironmentVariable(DebugVariable) is "1" or "true";
}
