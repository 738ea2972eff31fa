using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JobHub.Silo.Tests;

/// <summary>
/// A tiny OpenID Connect provider on loopback for the tests: a discovery document and a JWKS with an RSA key made here,
/// and tokens signed with it (or with another key, for the refusals). It serves no login flow: tests mint tokens directly.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);

    private OidcProvider(WebApplication app, string authority)
    {
        _app = app;
        Authority = authority;
    }

    /// <summary>The issuer (<c>http://127.0.0.1:port</c>), also where the discovery document is served.</summary>
    public string Authority { get; }

    public const string Audience = "jobhub-tests";

    private const string KeyId = "test-key-1";

    public static async Task<OidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OidcProvider? provider = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider!.Authority,
            ["jwks_uri"] = provider.Authority + "/jwks",
            ["authorization_endpoint"] = provider.Authority + "/authorize",
            ["token_endpoint"] = provider.Authority + "/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var parameters = provider!._key.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new OidcProvider(app, address.TrimEnd('/'));
        return provider;
    }

    /// <summary>A token for <paramref name="email"/> in <paramref name="groups"/>, valid for 10 minutes unless told otherwise.</summary>
    public string Token(
        string email,
        string[]? groups = null,
        string? issuer = null,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null,
        bool otherKey = false)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["email"] = email, ["sub"] = "sub-" + email };
        if (groups is not null)
        {
            claims["groups"] = groups;
        }

        var before = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            IssuedAt = before,
            NotBefore = before,
            Expires = expires ?? now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(otherKey ? _otherKey : _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
        _otherKey.Dispose();
    }
}
