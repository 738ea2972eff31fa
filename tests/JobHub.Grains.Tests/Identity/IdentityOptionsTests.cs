using JobHub.Grains.Identity.Hosting;

namespace JobHub.Grains.Tests.Identity;

public sealed class IdentityOptionsTests
{
    [Fact]
    public void Defaults_AreValid_And24HoursIdle7DaysInvitation()
    {
        var options = new JobHubIdentityOptions { AdminTokenDirectory = "data" };

        Assert.True(new JobHubIdentityOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromHours(24), options.TokenIdleLifetime);
        Assert.Equal(TimeSpan.FromDays(7), options.InvitationLifetime);
        Assert.Equal(Path.Combine(Path.GetFullPath("data"), "admin-token"), options.AdminTokenFilePath);
    }

    [Fact]
    public void BadValues_AreNamedEachByProperty()
    {
        var result = new JobHubIdentityOptionsValidator().Validate(null, new JobHubIdentityOptions
        {
            BootstrapAdminToken = "jhp_short",
            AdminTokenDirectory = "data\u001b",
            InvitationLifetime = TimeSpan.FromDays(91),
            TokenIdleLifetime = TimeSpan.FromMinutes(1),
            TokenLastUsedWriteInterval = TimeSpan.FromMinutes(11),
        });

        Assert.True(result.Failed);
        foreach (var property in new[] { "BootstrapAdminToken", "AdminTokenDirectory", "InvitationLifetime", "TokenIdleLifetime", "TokenLastUsedWriteInterval" })
        {
            Assert.Contains("JobHubIdentityOptions." + property, result.FailureMessage, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("jhp_short", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NoTokenAndNoFolder_IsRefused()
    {
        var result = new JobHubIdentityOptionsValidator().Validate(null, new JobHubIdentityOptions());

        Assert.Contains("JobHubIdentityOptions.AdminTokenDirectory is required", result.FailureMessage, StringComparison.Ordinal);
    }
}
