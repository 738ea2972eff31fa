namespace JobHub.Grains.Identity.Hosting;

/// <summary>Users, tokens and invitations (section <c>JobHub:Identity</c>).</summary>
public sealed class JobHubIdentityOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "JobHub:Identity";

    /// <summary>Name of the file that holds the first-start admin token, in <see cref="AdminTokenDirectory"/>.</summary>
    public const string AdminTokenFileName = "admin-token";

    /// <summary>
    /// An API token accepted as the built-in <c>admin</c>'s (automation): <c>jhp_</c> followed by 43–200 characters of
    /// <c>A–Z a–z 0–9 - _</c> (for example <c>jhp_$(head -c 32 /dev/urandom | basenc --base64url | tr -d =)</c>). Default none.
    /// Only its SHA-256 is stored. It <b>never expires</b> (no idle lifetime) while it is configured; a different value at
    /// a later start revokes the previous one; revoking it through the API is final (configure a new one). When set, no
    /// admin token file is written.
    /// </summary>
    public string? BootstrapAdminToken { get; set; }

    /// <summary>
    /// The folder of the admin token file (<see cref="AdminTokenFileName"/>, mode 0600), written at the first start when no
    /// <see cref="BootstrapAdminToken"/> is set; the silo passes its data folder. Required when no
    /// <see cref="BootstrapAdminToken"/> is set. The file's token never expires; it is issued once for the whole cluster
    /// and the file is never rewritten, even if deleted.
    /// </summary>
    public string? AdminTokenDirectory { get; set; }

    /// <summary>How long an invitation code can be redeemed. Default 7 days; between 1 hour and 90 days.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long an API token lives without an accepted use; each accepted use moves its expiry to now + this (sliding).
    /// Default 24 h; between 5 minutes and 30 days. A change applies to each token from its next use.
    /// </summary>
    public TimeSpan TokenIdleLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often at most a token's last use (and so its expiry) is written to storage. Default 1 min; between 0 (every
    /// use) and 10 minutes, and at most a tenth of <see cref="TokenIdleLifetime"/>. Expiry is always computed from the
    /// newest use the token's activation saw; after a silo crash a token may expire up to this much early, never late.
    /// </summary>
    public TimeSpan TokenLastUsedWriteInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The admin token file's path, or null without <see cref="AdminTokenDirectory"/>.</summary>
    public string? AdminTokenFilePath =>
        string.IsNullOrEmpty(AdminTokenDirectory) ? null : Path.Combine(Path.GetFullPath(AdminTokenDirectory), AdminTokenFileName);
}
