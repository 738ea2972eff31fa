using JobHub.Agent.Results;
using JobHub.Agent.Tests.Infrastructure;

namespace JobHub.Agent.Tests.Results;

public sealed class ResultsSummaryReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Read_ValidJsonIsKeptAsWritten()
    {
        var path = _folder.WriteFile("summary.json", """{"accuracy": 0.93, "epochs": [1, 2]}""");

        var summary = await ResultsSummaryReader.ReadAsync(path);

        Assert.Equal(new ResultsSummary("""{"accuracy": 0.93, "epochs": [1, 2]}""", Truncated: false, InvalidJson: false), summary);
    }

    [Fact]
    public async Task Read_InvalidJsonIsKeptAsTextAndFlagged()
    {
        var path = _folder.WriteFile("summary.json", "accuracy=0.93 {oops");

        var summary = await ResultsSummaryReader.ReadAsync(path);

        Assert.Equal(new ResultsSummary("accuracy=0.93 {oops", Truncated: false, InvalidJson: true), summary);
    }

    [Fact]
    public async Task Read_OversizeJsonIsTruncatedToOneThousandCharactersAndFlagged()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"{i}\"")) + "]";
        var path = _folder.WriteFile("summary.json", json);

        var summary = await ResultsSummaryReader.ReadAsync(path);

        Assert.NotNull(summary);
        Assert.True(summary.Truncated);
        Assert.False(summary.InvalidJson);
        Assert.Equal(1000, summary.Content.Length);
        Assert.Equal(json[..1000], summary.Content);
    }

    [Fact]
    public async Task Read_FileOverTheInspectionLimitIsTruncatedAndFlaggedInvalid()
    {
        var path = _folder.WriteFile("summary.json", "\"" + new string('x', ResultsSummaryReader.MaxInspectedBytes) + "\"");

        var summary = await ResultsSummaryReader.ReadAsync(path);

        Assert.NotNull(summary);
        Assert.True(summary.Truncated);
        Assert.True(summary.InvalidJson);
        Assert.Equal(1000, summary.Content.Length);
    }

    [Fact]
    public async Task Read_MissingFileMeansNoSummary()
    {
        Assert.Null(await ResultsSummaryReader.ReadAsync(_folder.Combine("none.json")));
        Assert.Null(await ResultsSummaryReader.ReadAsync(_folder.Combine("no-folder", "none.json")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{} {}")]
    [InlineData("{\"a\": 1,}")]
    public async Task Read_EmptyOrMalformedContentIsFlaggedInvalidWithoutThrowing(string content)
    {
        var path = _folder.WriteFile("summary.json", content);

        var summary = await ResultsSummaryReader.ReadAsync(path);

        Assert.NotNull(summary);
        Assert.True(summary.InvalidJson);
        Assert.Equal(content, summary.Content);
    }

    [Fact]
    public async Task Read_InvalidUtf8IsFlaggedInvalidWithoutThrowing()
    {
        var path = _folder.Combine("summary.json");
        await File.WriteAllBytesAsync(path, [(byte)'"', 0xC3, 0x28, (byte)'"']);

        var summary = await ResultsSummaryReader.ReadAsync(path);

        Assert.NotNull(summary);
        Assert.True(summary.InvalidJson);
    }
}
