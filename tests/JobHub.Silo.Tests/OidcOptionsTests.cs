using JobHub.Silo.Hosting.Authentication;

namespace JobHub.Silo.Tests;

/// <summary>The OpenID Connect settings are checked at start: each bad value is named; plain http only for loopback.</summary>
public sealed class OidcOptionsTests
{
    [Fact]
    public void Unset_IsValid_AndFederationIsOff()
    {
        var options = new JobHubOidcOptions();

        Assert.False(options.Enabled);
        Assert.True(new JobHubOidcOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("https://login.example.com/realms/jobhub", true)]
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("http://localhost:8080/issuer", false)]
    [InlineData("http://[::1]:8080", false)]
    public void GoodAuthorities_AreAccepted(string authority, bool requireHttps)
    {
        var result = new JobHubOidcOptionsValidator().Validate(null, new JobHubOidcOptions { Authority = authority, Audience = "jobhub", RequireHttpsMetadata = requireHttps });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://login.example.com", false, "RequireHttpsMetadata=false is allowed only for a loopback authority")]
    [InlineData("http://127.0.0.1:8080", true, "is plain http")]
    [InlineData("login.example.com", true, "must be an absolute https URL")]
    [InlineData("ftp://login.example.com", true, "must be an absolute https URL")]
    public void BadAuthorities_AreNamed(string authority, bool requireHttps, string expected)
    {
        var result = new JobHubOidcOptionsValidator().Validate(null, new JobHubOidcOptions { Authority = authority, Audience = "jobhub", RequireHttpsMetadata = requireHttps });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("JobHub:Identity:Oidc:", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingAudience_EmptyClaims_AndLargeSkew_AreNamed()
    {
        var result = new JobHubOidcOptionsValidator().Validate(null, new JobHubOidcOptions
        {
            Authority = "https://login.example.com",
            GroupsClaim = "",
            EmailClaim = " ",
            ClockSkew = TimeSpan.FromHours(1),
        });

        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Audience", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("GroupsClaim", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("EmailClaim", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ClockSkew", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAudienceWithoutAuthority_IsNamed()
    {
        var result = new JobHubOidcOptionsValidator().Validate(null, new JobHubOidcOptions { Audience = "jobhub" });

        Assert.True(result.Failed);
        Assert.Contains("Authority", result.FailureMessage, StringComparison.Ordinal);
    }
}
