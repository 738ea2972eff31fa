using JobHub.Contracts.Identity;

namespace JobHub.Cli.Credentials;

/// <summary>
/// Which token a command sends, first match wins: <c>--token</c>; <c>$JOBHUB_TOKEN</c>; the token <c>jobhub login</c> saved
/// for this URL (<see cref="CliConfigFile"/>); and, only when the URL's host is loopback, a local silo's admin token file
/// (<see cref="AdminTokenFiles"/>). The admin token is never sent to any other host.
/// </summary>
internal static class TokenResolver
{
    public static ResolvedToken Resolve(Uri url, string? option)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (option is not null)
        {
            return new ResolvedToken(option, TokenSource.Option);
        }

        if (Environment.GetEnvironmentVariable(GlobalOptions.TokenVariable) is { Length: > 0 } variable)
        {
            return new ResolvedToken(variable, TokenSource.Environment);
        }

        var config = CliConfigFile.Default();
        if (config.Read().TokenFor(url) is { } saved)
        {
            return new ResolvedToken(saved, TokenSource.ConfigFile, config.Path);
        }

        return url.IsLoopback && AdminTokenFiles.Find() is { } admin ? admin : ResolvedToken.None;
    }
}
