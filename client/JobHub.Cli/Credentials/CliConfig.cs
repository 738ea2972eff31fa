namespace JobHub.Cli.Credentials;

/// <summary>The CLI's config file: the logins <c>jobhub login</c> saved, by API address (<see cref="Key"/>).</summary>
internal sealed class CliConfig
{
    public Dictionary<string, SavedLogin> Servers { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The key a URL's login is saved under: scheme, host and port (and any path prefix), lower-case, no trailing '/'.</summary>
    public static string Key(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new UriBuilder(url) { Query = string.Empty, Fragment = string.Empty, UserName = string.Empty, Password = string.Empty }
            .Uri.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant();
    }

    public string? TokenFor(Uri url) => Servers.TryGetValue(Key(url), out var login) ? login.Token : null;
}
