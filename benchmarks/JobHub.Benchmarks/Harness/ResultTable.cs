using System.Globalization;
using System.Text;

namespace JobHub.Benchmarks.Harness;

/// <summary>Collects each scenario's runs and prints the median, range and verdict of every figure.</summary>
internal sealed class ResultTable
{
    private readonly List<(string Scenario, List<Measurement> Runs)> _rows = [];

    public void Add(string scenario, IReadOnlyList<IReadOnlyList<Measurement>> runs)
    {
        foreach (var figure in runs[0])
        {
            _rows.Add((scenario, runs.Select(r => r.Single(m => m.Name == figure.Name)).ToList()));
        }
    }

    public bool AllTargetsMet => _rows.All(r => Median(r.Runs).Met != false);

    public string Render()
    {
        var lines = new List<string[]> { new[] { "scenario", "figure", "median", "min .. max", "target", "met" } };
        foreach (var (scenario, runs) in _rows)
        {
            var median = Median(runs);
            var target = median.Target is { } t ? (median.HigherIsBetter ? ">= " : "<= ") + Format(t, median.Unit) : "-";
            lines.Add(
            [
                scenario,
                median.Name,
                Format(median.Value, median.Unit),
                $"{Format(runs.Min(r => r.Value), median.Unit)} .. {Format(runs.Max(r => r.Value), median.Unit)}",
                target,
                median.Met switch { true => "yes", false => "NO", null => "-" },
            ]);
        }

        var widths = Enumerable.Range(0, lines[0].Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.AppendLine("| " + string.Join(" | ", lines[i].Select((cell, c) => c >= 2 && c <= 3 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))) + " |");
            if (i == 0)
            {
                text.AppendLine("|" + string.Join("|", widths.Select((w, c) => c >= 2 && c <= 3 ? new string('-', w + 1) + ":" : new string('-', w + 2))) + "|");
            }
        }

        return text.ToString();
    }

    private static Measurement Median(List<Measurement> runs) => runs.OrderBy(r => r.Value).ElementAt(runs.Count / 2);

    private static string Format(double value, string unit) =>
        (Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0#", CultureInfo.InvariantCulture)) + (unit.Length > 0 ? " " + unit : string.Empty);
}
