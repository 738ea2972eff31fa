using JobHub.Agent.Processes;

namespace JobHub.Agent.Tests.Processes;

public sealed class LogLineReaderTests
{
    [Fact]
    public async Task Pump_SplitsLongLinesWithoutCuttingSurrogatePairs()
    {
        var emoji = char.ConvertFromUtf32(0x1F600);
        var text = new string('a', 3) + emoji + "bc\n";
        var lines = await PumpAsync(text, maxLineLength: 4);

        Assert.Equal([("aaa", false), (emoji + "bc", true)], lines);
    }

    [Fact]
    public async Task Pump_EmptyLinesAreKeptAndCarriageReturnsDropped()
    {
        var lines = await PumpAsync("a\r\n\r\n\nb\r", maxLineLength: 80);

        Assert.Equal([("a", false), (string.Empty, false), (string.Empty, false), ("b", false)], lines);
    }

    [Fact]
    public async Task Pump_LineOfExactlyTheLimitIsNotSplit()
    {
        var lines = await PumpAsync("abcd\nefghi", maxLineLength: 4);

        Assert.Equal([("abcd", false), ("efgh", false), ("i", true)], lines);
    }

    private static async Task<List<(string Text, bool Continuation)>> PumpAsync(string input, int maxLineLength)
    {
        var lines = new List<(string, bool)>();
        await LogLineReader.PumpAsync(new StringReader(input), maxLineLength, (text, continuation) =>
        {
            lines.Add((text, continuation));
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return lines;
    }
}
