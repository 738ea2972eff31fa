using System.Globalization;

namespace JobHub.Benchmarks.Harness;

/// <summary>The body of a <see cref="ChildSilo"/> process: one clustered silo with the benchmark grains.</summary>
internal static class SiloRole
{
    public const string Argument = "silo-process";

    public const string ReadyLine = "ready";

    public const string StatsCommand = "stats";

    /// <summary>Arguments: folder, cluster id, port. Answers "stats" with its <see cref="ProcessStats"/>; runs until standard input closes.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (folder, clusterId, port) = (args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
        await using (await BenchSilo.StartAsync(r => BenchCluster.ConfigureSilo(r, folder, clusterId, port)))
        {
            Console.WriteLine(ReadyLine);
            while (await Console.In.ReadLineAsync() is { } command)
            {
                if (command == StatsCommand)
                {
                    Console.WriteLine(ProcessStats.Take().ToLine());
                }
            }
        }

        return 0;
    }
}
