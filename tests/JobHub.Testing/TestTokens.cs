using System.Security.Cryptography;

namespace JobHub.Testing;

/// <summary>Tokens in the shape JobHub accepts, made by tests (to pass as a silo's bootstrap admin token).</summary>
public static class TestTokens
{
    /// <summary>A new API token: <c>jhp_</c> + 43 base64url characters.</summary>
    public static string NewApiToken() =>
        "jhp_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
