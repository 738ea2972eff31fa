namespace JobHub.Cli.Credentials;

/// <summary>Where the token a command sends came from (docs/cli.md, "Which token is sent"); the first that gives one wins.</summary>
internal enum TokenSource
{
    /// <summary>No token: the call is anonymous.</summary>
    None = 0,

    /// <summary>The <c>--token</c> option.</summary>
    Option = 1,

    /// <summary>The <c>JOBHUB_TOKEN</c> environment variable.</summary>
    Environment = 2,

    /// <summary>The token <c>jobhub login</c> saved for this URL in the config file.</summary>
    ConfigFile = 3,

    /// <summary>A local silo's <c>{data}/admin-token</c>, read only for a loopback URL.</summary>
    AdminTokenFile = 4,
}
