namespace JobHub.Contracts.Identity;

/// <summary>
/// How API tokens and invitation codes look: a prefix that makes them recognisable (to people and secret scanners) and
/// at least 43 base64url characters (256 random bits). Check a presented token with <see cref="IsWellFormedToken"/>
/// before looking it up, so a malformed one costs nothing.
/// </summary>
public static class ApiTokenFormat
{
    /// <summary>Prefix of every API token.</summary>
    public const string TokenPrefix = "jhp_";

    /// <summary>Prefix of every invitation code.</summary>
    public const string InvitationCodePrefix = "jhi_";

    /// <summary>Shortest secret part: 32 bytes in base64url without padding.</summary>
    public const int MinSecretLength = 43;

    /// <summary>Longest secret part accepted (a configured token may be longer than an issued one).</summary>
    public const int MaxSecretLength = 200;

    /// <summary>True for <c>jhp_</c> followed by 43–200 characters of <c>A–Z a–z 0–9 - _</c>.</summary>
    public static bool IsWellFormedToken(string? token) => IsWellFormed(token, TokenPrefix);

    /// <summary>True for <c>jhi_</c> followed by 43–200 characters of <c>A–Z a–z 0–9 - _</c>.</summary>
    public static bool IsWellFormedInvitationCode(string? code) => IsWellFormed(code, InvitationCodePrefix);

    private static bool IsWellFormed(string? value, string prefix)
    {
        if (value is null || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var secret = value.AsSpan(prefix.Length);
        if (secret.Length is < MinSecretLength or > MaxSecretLength)
        {
            return false;
        }

        foreach (var c in secret)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
