using System.Globalization;

namespace JobHub.Simulator;

/// <summary>
/// Reads and writes traces as CSV with this header (one job a line, arrival order):
/// <c>arrival_s,job,user,group,kind,processes,gang,vcpu,memory_mib,duration_s,priority,spot_ok</c>.
/// </summary>
public static class TraceFile
{
    /// <summary>The header line.</summary>
    public const string Header = "arrival_s,job,user,group,kind,processes,gang,vcpu,memory_mib,duration_s,priority,spot_ok";

    /// <summary>Writes a trace.</summary>
    public static void Write(string path, IReadOnlyList<TraceJob> jobs)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(Header);
        foreach (var j in jobs)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{j.ArrivalSeconds:0.###},{j.JobId},{j.User},{j.Group},{j.Kind},{j.Processes},{j.Gang},{j.Vcpu},{j.MemoryMiB},{j.DurationSeconds:0.###},{j.Priority},{(j.SpotOk ? 1 : 0)}"));
        }
    }

    /// <summary>Reads a trace; a bad line is reported with its number and the rule it breaks.</summary>
    public static IReadOnlyList<TraceJob> Read(string path)
    {
        var jobs = new List<TraceJob>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || string.IsNullOrWhiteSpace(line))
            {
                if (lineNumber == 1 && !string.Equals(line.Trim(), Header, StringComparison.Ordinal))
                {
                    throw new FormatException($"{path}:1: the header must be '{Header}'.");
                }

                continue;
            }

            var f = line.Split(',');
            if (f.Length != 12)
            {
                throw new FormatException($"{path}:{lineNumber}: 12 fields expected, {f.Length} found.");
            }

            try
            {
                var job = new TraceJob(
                    double.Parse(f[0], CultureInfo.InvariantCulture),
                    f[1],
                    f[2],
                    f[3],
                    f[4],
                    int.Parse(f[5], CultureInfo.InvariantCulture),
                    int.Parse(f[6], CultureInfo.InvariantCulture),
                    decimal.Parse(f[7], CultureInfo.InvariantCulture),
                    long.Parse(f[8], CultureInfo.InvariantCulture),
                    double.Parse(f[9], CultureInfo.InvariantCulture),
                    int.Parse(f[10], CultureInfo.InvariantCulture),
                    f[11] == "1");
                if (job.Kind is not ("single" or "elastic" or "fixed") || job.Processes < 1 || job.Gang < 1 || job.Gang > job.Processes
                    || job.Vcpu <= 0 || job.MemoryMiB < 0 || job.DurationSeconds <= 0 || job.ArrivalSeconds < 0)
                {
                    throw new FormatException("kind is single|elastic|fixed, 1 <= gang <= processes, vcpu > 0, memory >= 0, duration > 0, arrival >= 0");
                }

                jobs.Add(job);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }

        return [.. jobs.OrderBy(j => j.ArrivalSeconds)];
    }
}
