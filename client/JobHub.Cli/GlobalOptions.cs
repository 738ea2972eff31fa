using System.CommandLine;
using JobHub.Client;

namespace JobHub.Cli;

/// <summary>Options every command takes: where the API is and which token to send.</summary>
internal sealed class GlobalOptions
{
    public const string UrlVariable = "JOBHUB_URL";
    public const string TokenVariable = "JOBHUB_TOKEN";

    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The JobHub API address (default: ${UrlVariable}, else {JobHubClientOptions.DefaultBaseAddress.AbsoluteUri.TrimEnd('/')})",
        HelpName = "url",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : JobHubClientOptions.DefaultBaseAddress.AbsoluteUri.TrimEnd('/'),
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token to send, e.g. a job's JOBHUB_JOB_TOKEN (default: ${TokenVariable})",
        HelpName = "token",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token ? token : null,
    };

    public JobHubClient CreateClient(ParseResult parse)
    {
        var url = parse.GetValue(Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            throw new CliUsageException($"--url '{OptionValues.Shown(url ?? string.Empty)}' is not an absolute address such as http://127.0.0.1:5080 (the default comes from ${UrlVariable}).");
        }

        var options = new JobHubClientOptions { BaseAddress = address, Token = parse.GetValue(Token) };
        var errors = JobHubClientOptionsValidator.Validate(options)
            .Select(e => e.Replace(nameof(options.BaseAddress) + ":", "--url:", StringComparison.Ordinal).Replace(nameof(options.Token) + ":", "--token:", StringComparison.Ordinal))
            .ToList();
        return errors.Count > 0 ? throw new CliUsageException(string.Join(" ", errors)) : new JobHubClient(options);
    }
}
