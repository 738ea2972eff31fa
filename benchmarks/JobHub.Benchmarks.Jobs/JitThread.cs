using System.Globalization;

namespace JobHub.Benchmarks.Jobs;

/// <summary>
/// The CPU of the .NET runtime's tiered-compilation thread (named ".NET Tiered Compilation Worker", which /proc cuts to
/// 15 characters) of a silo process, from <c>/proc/{pid}/task/*/stat</c>. The runtime ends that thread after a while
/// without work and starts a new one when methods are due again, so a sample sums every thread of that name by id and a
/// difference counts only the threads present in both samples (a thread that ended between them is not counted: it
/// had been idle).
/// </summary>
internal static class JitThread
{
    private const string Name = ".NET Tiered Com";

    /// <summary>CPU seconds (user + system) of each tiered-compilation thread of each process, by (pid, thread id).</summary>
    public static Dictionary<(int Pid, int Tid), double> Sample(IEnumerable<int> pids)
    {
        var sample = new Dictionary<(int, int), double>();
        foreach (var pid in pids)
        {
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task").ToList();
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var task in tasks)
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    if (open < 0 || close < open || stat[(open + 1)..close] != Name)
                    {
                        continue;
                    }

                    var fields = stat[(close + 2)..].Split(' ');
                    var ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
                    sample[(pid, int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture))] = ticks / 100.0;
                }
                catch (IOException)
                {
                    // The thread ended meanwhile.
                }
            }
        }

        return sample;
    }

    /// <summary>CPU seconds the tiered-compilation threads used from <paramref name="before"/> to <paramref name="after"/> (threads started in between count from 0).</summary>
    public static double Between(Dictionary<(int Pid, int Tid), double> before, Dictionary<(int Pid, int Tid), double> after) =>
        after.Sum(thread => thread.Value - before.GetValueOrDefault(thread.Key));

    /// <summary>
    /// Waits until the tiered-compilation threads of <paramref name="pids"/> used no CPU over a whole second (the clock
    /// ticks at 10 ms, so "none" is under one tick), or until <paramref name="limit"/>; true when they went idle.
    /// </summary>
    public static async Task<bool> WaitUntilIdleAsync(IReadOnlyList<int> pids, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var previous = Sample(pids);
        while (clock.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = Sample(pids);
            if (Between(previous, now) < 0.01)
            {
                return true;
            }

            previous = now;
        }

        return false;
    }
}
