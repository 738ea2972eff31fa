namespace JobHub.Client.Tests;

public sealed class JobHubClientOptionsTests
{
    [Fact]
    public void Validate_Defaults_HasNoErrors() => Assert.Empty(JobHubClientOptionsValidator.Validate(new JobHubClientOptions()));

    [Fact]
    public void Validate_BadValues_NamesEachProperty()
    {
        var options = new JobHubClientOptions
        {
            BaseAddress = new Uri("ftp://example.org"),
            Token = "has space",
            RequestTimeout = TimeSpan.Zero,
            PollInterval = TimeSpan.FromSeconds(2),
            MaxPollInterval = TimeSpan.FromSeconds(1),
        };

        var errors = JobHubClientOptionsValidator.Validate(options);

        Assert.Equal(
            ["BaseAddress", "Token", "RequestTimeout", "MaxPollInterval"],
            errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryError()
    {
        var error = Assert.Throws<JobHubClientOptionsException>(() => new JobHubClient(new JobHubClientOptions { PollInterval = TimeSpan.Zero, RequestTimeout = TimeSpan.FromSeconds(-1) }));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains("PollInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_HttpClientWithBaseAddress_UsesIt()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://10.1.2.3:9000/prefix") };
        using var client = new JobHubClient(http);

        Assert.Equal(new Uri("http://10.1.2.3:9000/prefix/"), client.BaseAddress);
    }
}
