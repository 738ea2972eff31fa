using System.Text;

namespace JobHub.Agent.Processes;

/// <summary>
/// Splits a character stream into lines: <c>\n</c> ends a line (a <c>\r</c> before it is dropped),
/// a line longer than the limit is cut into pieces of at most that many characters (never between
/// the halves of a surrogate pair), and a final line without terminator is delivered at end of stream.
/// </summary>
internal static class LogLineReader
{
    public static async Task PumpAsync(TextReader reader, int maxLineLength, Func<string, bool, ValueTask> emit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 2);
        var buffer = new char[4096];
        var line = new StringBuilder();
        var continuation = false;
        while (true)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
            if (read == 0)
            {
                break;
            }

            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    if (line.Length > 0 && line[^1] == '\r')
                    {
                        line.Length--;
                    }

                    await emit(line.ToString(), continuation);
                    line.Clear();
                    continuation = false;
                    continue;
                }

                if (line.Length >= maxLineLength)
                {
                    var keep = char.IsHighSurrogate(line[^1]) ? 1 : 0;
                    await emit(line.ToString(0, line.Length - keep), continuation);
                    line.Remove(0, line.Length - keep);
                    continuation = true;
                }

                line.Append(c);
            }
        }

        if (line.Length > 0)
        {
            if (line[^1] == '\r')
            {
                line.Length--;
            }

            await emit(line.ToString(), continuation);
        }
    }
}
