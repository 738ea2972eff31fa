using System.Buffers.Text;
using System.Security.Cryptography;
using JobHub.Contracts.Identity;

namespace JobHub.Grains.Identity;

/// <summary>New API tokens and invitation codes: a recognisable prefix and 32 bytes from the system's CSPRNG in base64url.</summary>
internal static class IdentitySecrets
{
    private const int SecretBytes = 32;

    /// <summary>A new API token (<c>jhp_</c> + 43 characters).</summary>
    public static string NewApiToken() => ApiTokenFormat.TokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>A new invitation code (<c>jhi_</c> + 43 characters).</summary>
    public static string NewInvitationCode() => ApiTokenFormat.InvitationCodePrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
}
