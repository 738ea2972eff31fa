using JobHub.Cli;

namespace JobHub.Client.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("2h", 7200)]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1d", 86400)]
    [InlineData("1.5h", 5400)]
    [InlineData("01:00:00", 3600)]
    [InlineData("1.02:00:00", 93600)]
    public void TryParse_KnownForms_GivesTheDuration(string text, int seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("0s")]
    [InlineData("00:00:00")]
    [InlineData("-1h")]
    [InlineData("99999999999d")]
    [InlineData("31d")]
    [InlineData("720h1s")]
    [InlineData("30.00:00:01")]
    [InlineData("99999999.00:00:00")]
    [InlineData("1000000000000000000000000000000000000000s")]
    public void TryParse_OtherText_IsRefused(string text) => Assert.False(DurationParser.TryParse(text, out _));

    [Theory]
    [InlineData("99999999999d", "longer than 30 days")]
    [InlineData("10675200d", "longer than 30 days")]
    [InlineData("30.00:00:01", "longer than 30 days")]
    [InlineData("soon", "is not a duration such as 2h")]
    [InlineData("0s", "not more than 0")]
    [InlineData("\u001b[31m1h", "is not a duration")]
    public void TryParse_RefusedText_SaysWhy(string text, string reason)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error!);
    }

    [Theory]
    [InlineData("30d")]
    [InlineData("720h")]
    [InlineData("30.00:00:00")]
    public void TryParse_ThirtyDays_IsTheLongestAccepted(string text)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromDays(30), duration);
    }
}
