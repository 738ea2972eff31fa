using System.Globalization;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Output;

/// <summary>
/// Plain, aligned columns: readable on a terminal and easy to cut with awk when piped. Each cell is one line: control
/// characters (escape codes, NUL, tabs, line breaks) are shown escaped (<see cref="TextRules.ForTerminal"/>) and long cells are clipped.
/// </summary>
internal static class TextTable
{
    private const int MaxCell = 60;

    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var cells = rows.Select(r => r.Select(Clip).ToList()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToList();
        output.WriteLine(Line(headers, widths));
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(IReadOnlyList<string> cells, IReadOnlyList<int> widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Clip(string? text)
    {
        text = TextRules.ForTerminal(text ?? string.Empty);
        if (new StringInfo(text).LengthInTextElements <= MaxCell)
        {
            return text;
        }

        // Cut between text elements, so no surrogate pair or combined character is split.
        return new StringInfo(text).SubstringByTextElements(0, MaxCell - 1) + "…";
    }
}
