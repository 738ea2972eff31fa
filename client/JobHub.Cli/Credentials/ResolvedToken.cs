namespace JobHub.Cli.Credentials;

/// <summary>The token to send (null: none), where it came from, and the file it was read from, if any.</summary>
internal sealed record ResolvedToken(string? Token, TokenSource Source, string? File = null)
{
    public static ResolvedToken None { get; } = new(null, TokenSource.None);

    /// <summary>The source in words, for <c>jobhub whoami</c>: never the token.</summary>
    public string Describe() => Source switch
    {
        TokenSource.Option => "--token",
        TokenSource.Environment => "$" + GlobalOptions.TokenVariable,
        TokenSource.ConfigFile => $"saved by jobhub login in {File}",
        TokenSource.AdminTokenFile => $"the local silo's admin token file {File}",
        _ => "none (anonymous)",
    };

    /// <summary>The source as one word, for <c>jobhub whoami --json</c>.</summary>
    public string Kind => Source switch
    {
        TokenSource.Option => "option",
        TokenSource.Environment => "environment",
        TokenSource.ConfigFile => "config",
        TokenSource.AdminTokenFile => "admin-token-file",
        _ => "none",
    };

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"ResolvedToken {{ Source = {Source}, File = {File} }}";
}
