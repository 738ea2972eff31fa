namespace JobHub.Silo.Hosting.Authentication;

/// <summary>
/// OpenID Connect federation (section <c>JobHub:Identity:Oidc</c>): when <see cref="Authority"/> is set, a bearer value that
/// is a JWT is validated against that issuer's discovery document and signing keys and maps to the JobHub user with the
/// token's email. Without it, only JobHub API tokens and job tokens are accepted.
/// </summary>
public sealed class JobHubOidcOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Identity:Oidc";

    /// <summary>
    /// The issuer: its <c>iss</c> value exactly, and where <c>/.well-known/openid-configuration</c> is read from. https, or
    /// http on a loopback address with <see cref="RequireHttpsMetadata"/> off. Unset: federation is off.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> value a token must carry (the client id JobHub is registered with at the provider). Required with <see cref="Authority"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim whose values are the user's <c>site</c> groups (default <c>groups</c>).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>The claim holding the user's email, matched (case-insensitively) to a JobHub user (default <c>email</c>).</summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>Refuse a discovery document or keys over plain http (default true). False is allowed only for a loopback authority (tests, a local provider).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Time allowed for clock differences when checking <c>exp</c> and <c>nbf</c> (default 1 minute; 0 to 5 minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>True when federation is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
