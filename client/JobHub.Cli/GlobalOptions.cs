using System.CommandLine;
using JobHub.Cli.Credentials;
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
        Description = $"Bearer token to send, e.g. a job's JOBHUB_JOB_TOKEN (default: ${TokenVariable}, else the token 'jobhub login' saved for the URL, else for a loopback URL the local silo's admin token file; see 'jobhub whoami')",
        HelpName = "token",
        Recursive = true,
    };

    /// <summary>The API address the command line names (<c>--url</c>, <c>$JOBHUB_URL</c> or the default).</summary>
    public Uri Address(ParseResult parse)
    {
        var url = parse.GetValue(Url);
        return Uri.TryCreate(url, UriKind.Absolute, out var address)
            ? address
            : throw new CliUsageException($"--url '{OptionValues.Shown(url ?? string.Empty)}' is not an absolute address such as http://127.0.0.1:5080 (the default comes from ${UrlVariable}).");
    }

    /// <summary>The token a command sends, and where it came from (<see cref="TokenResolver"/>).</summary>
    public ResolvedToken ResolveToken(ParseResult parse) => TokenResolver.Resolve(Address(parse), parse.GetValue(Token));

    public JobHubClient CreateClient(ParseResult parse) => CreateClient(Address(parse), ResolveToken(parse).Token);

    /// <summary>A client for <paramref name="address"/> sending <paramref name="token"/> (none when null).</summary>
    public static JobHubClient CreateClient(Uri address, string? token)
    {
        var options = new JobHubClientOptions { BaseAddress = address, Token = token };
        var errors = JobHubClientOptionsValidator.Validate(options)
            .Select(e => e.Replace(nameof(options.BaseAddress) + ":", "--url:", StringComparison.Ordinal).Replace(nameof(options.Token) + ":", "--token:", StringComparison.Ordinal))
            .ToList();
        return errors.Count > 0 ? throw new CliUsageException(string.Join(" ", errors)) : new JobHubClient(options);
    }
}
