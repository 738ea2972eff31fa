using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace JobHub.Silo.Hosting.Authentication;

/// <summary>Bearer tokens on the REST API: API tokens of users and job tokens of a job's own processes.</summary>
internal static class JobHubAuthenticationExtensions
{
    /// <summary>
    /// Adds the <see cref="JobHubPrincipal.Scheme"/> scheme (<see cref="JobHubTokenAuthenticationHandler"/>) as the default.
    /// Only the authentication core: no cookies and no data protection key ring (nothing is written to the home folder).
    /// </summary>
    public static IServiceCollection AddJobHubAuthentication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(JobHubTokenAuthenticationHandler)))
        {
            return services;
        }

        services.AddAuthenticationCore(o => o.DefaultScheme = JobHubPrincipal.Scheme);
        services.AddWebEncoders();
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, JobHubTokenAuthenticationHandler>(JobHubPrincipal.Scheme, displayName: "JobHub API or job token", configureOptions: null);
        return services;
    }

    /// <summary>The JwtBearer scheme that validates the identity provider's tokens (asked by the JobHub scheme, never directly).</summary>
    public const string OidcScheme = "JobHubOidc";

    /// <summary>
    /// Binds and validates <see cref="JobHubOidcOptions"/> and, when an authority is configured, adds the JwtBearer scheme
    /// <see cref="OidcScheme"/>: issuer, audience, lifetime and signature checked against the provider's discovery document
    /// and signing keys (fetched on first use and refreshed when a token names an unknown key).
    /// </summary>
    public static IServiceCollection AddJobHubOidc(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<JobHubOidcOptions>().BindConfiguration(JobHubOidcOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobHubOidcOptions>, JobHubOidcOptionsValidator>();
        var oidc = configuration.GetSection(JobHubOidcOptions.SectionName).Get<JobHubOidcOptions>() ?? new JobHubOidcOptions();
        if (!oidc.Enabled)
        {
            return services;
        }

        services.TryAddSingleton<IAuthenticationConfigurationProvider, AuthenticationSettingsProvider>();
        new AuthenticationBuilder(services).AddJwtBearer(OidcScheme, o =>
        {
            o.Authority = oidc.Authority;
            o.Audience = oidc.Audience;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.SaveToken = false;
            o.RefreshOnIssuerKeyNotFound = true;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = oidc.Authority,
                ValidateAudience = true,
                ValidAudience = oidc.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = oidc.ClockSkew,
                NameClaimType = oidc.EmailClaim,
            };
        });
        return services;
    }

    /// <summary>
    /// Authenticates every request, and answers a request whose bearer token was refused with 401 problem details at once,
    /// so a refused token never falls back to acting anonymously.
    /// </summary>
    public static IApplicationBuilder UseJobHubAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            var result = await context.AuthenticateAsync(JobHubPrincipal.Scheme);
            if (result.Failure is not null)
            {
                await context.ChallengeAsync(JobHubPrincipal.Scheme);
                return;
            }

            await next(context);
        });
        return app;
    }
}
