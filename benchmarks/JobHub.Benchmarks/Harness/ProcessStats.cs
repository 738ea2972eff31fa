using System.Diagnostics;
using System.Globalization;

namespace JobHub.Benchmarks.Harness;

/// <summary>What one process has used so far: CPU time, bytes allocated, and garbage collections.</summary>
internal sealed record ProcessStats(TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2)
{
    public static ProcessStats Take()
    {
        using var self = Process.GetCurrentProcess();
        return new(self.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public static ProcessStats Parse(string line)
    {
        var parts = line.Split(' ').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new(TimeSpan.FromTicks(parts[0]), parts[1], (int)parts[2], (int)parts[3], (int)parts[4]);
    }

    public string ToLine() => string.Join(' ', new long[] { Cpu.Ticks, Allocated, Gen0, Gen1, Gen2 }.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    public static ProcessStats operator -(ProcessStats after, ProcessStats before) =>
        new(after.Cpu - before.Cpu, after.Allocated - before.Allocated, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2);
}
