using Microsoft.AspNetCore.Authentication;

namespace JobHub.Silo.Hosting.Authentication;

/// <summary>
/// The <c>Authentication</c> configuration section for the schemes that read it (JwtBearer asks for it). ASP.NET Core
/// registers its own only with <c>AddAuthentication()</c>, which also adds data protection and so a key ring in the home
/// folder; the silo registers only the authentication core, and this provider.
/// </summary>
internal sealed class AuthenticationSettingsProvider(IConfiguration configuration) : IAuthenticationConfigurationProvider
{
    /// <inheritdoc />
    public IConfiguration AuthenticationConfiguration => configuration.GetSection("Authentication");
}
