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
    public void TryParse_OtherText_IsRefused(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
