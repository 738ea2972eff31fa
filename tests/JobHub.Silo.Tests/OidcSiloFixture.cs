using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// The loopback OpenID Connect provider of <see cref="OidcProvider"/>, and a real silo process configured with
/// <c>--JobHub:Identity:Oidc:...</c> to trust it (plain http allowed: the authority is loopback), plus the helpers of
/// <see cref="IdentitySiloFixture"/> for the admin's calls.
/// </summary>
public sealed class OidcSiloFixture : IAsyncLifetime
{
    public IdentitySiloFixture Identity { get; } = new();

    public OidcProvider Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await OidcProvider.StartAsync();
        Identity.Remember(Identity.AdminToken);
        await Identity.StartAsync(
            "--JobHub:Identity:Oidc:Authority", Provider.Authority,
            "--JobHub:Identity:Oidc:Audience", OidcProvider.Audience,
            "--JobHub:Identity:Oidc:RequireHttpsMetadata", "false",
            "--JobHub:Identity:Oidc:ClockSkew", "00:00:00");
    }

    public async Task DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
