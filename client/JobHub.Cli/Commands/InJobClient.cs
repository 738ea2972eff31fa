using System.CommandLine;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary>
/// The client of commands a job's own processes run (<c>jobhub metrics</c>, <c>jobhub worker</c>): the usual one,
/// except that inside a job the agent's address (<c>JOBHUB_API_URL</c>) and job token (<c>JOBHUB_JOB_TOKEN</c>) stand
/// in for an unset --url/$JOBHUB_URL and --token/$JOBHUB_TOKEN.
/// </summary>
internal static class InJobClient
{
    public static JobHubClient Create(GlobalOptions global, ParseResult parse)
    {
        var urlGiven = parse.GetResult(global.Url) is { Implicit: false } || Environment.GetEnvironmentVariable(GlobalOptions.UrlVariable) is { Length: > 0 };
        var address = !urlGiven && Environment.GetEnvironmentVariable(JobHubClient.ApiUrlVariable) is { Length: > 0 } apiUrl && Uri.TryCreate(apiUrl, UriKind.Absolute, out var inJob)
            ? inJob
            : global.Address(parse);
        var tokenGiven = parse.GetValue(global.Token) is not null || Environment.GetEnvironmentVariable(GlobalOptions.TokenVariable) is { Length: > 0 };
        var token = !tokenGiven && Environment.GetEnvironmentVariable(JobHubClient.JobTokenVariable) is { Length: > 0 } jobToken
            ? jobToken
            : Credentials.TokenResolver.Resolve(address, parse.GetValue(global.Token)).Token;
        return GlobalOptions.CreateClient(address, token);
    }

    /// <summary>The job named by <paramref name="given"/>, else by <c>JOBHUB_JOB_ID</c> inside a job.</summary>
    public static string JobId(string? given, string howToName) =>
        given is { Length: > 0 } ? given
        : Environment.GetEnvironmentVariable(JobHubClient.JobIdVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : throw new CliUsageException(howToName);
}
