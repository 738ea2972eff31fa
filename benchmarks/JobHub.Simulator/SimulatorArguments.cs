using System.Globalization;

namespace JobHub.Simulator;

/// <summary>The simulator's command line.</summary>
internal sealed record SimulatorArguments
{
    public const string Usage = """
        usage: JobHub.Simulator [--seed N] [--jobs N] [--nodes N] [--hours H] [--trace FILE] [--write-trace FILE] [--compare] [--no-throughput] [--grains]
                                [--scale-down-delay M] [--spot-interruptions R] [--user-cap V] [--report FILE]
          --seed N           seed of the generated trace and of the simulated provider (default 1)
          --jobs N           jobs in the generated trace, 1..1000000 (default 20000)
          --nodes N          most nodes of the cpu pool, 1..10000 (default 1000; the spot pool gets a fifth)
          --hours H          span of the generated trace's arrivals in hours, 1..1000 (default 12)
          --trace FILE       replay a recorded trace (CSV, see benchmarks/README.md) instead of generating one
          --write-trace FILE record the trace used
          --compare          run headroom settings × scale-down policies on the same trace and print a table
          --no-throughput    skip the scheduler-alone placement throughput figure
          --grains           play the trace through JobHub's real grains in an in-process silo (pools cpu and spot)
          --scale-down-delay M  minutes a node must be unneeded before it stops, 0..1440 (default 10)
          --spot-interruptions R  spot interruptions per node-hour, 0..1000 (default 0.05)
          --user-cap V       most vCPU reserved by one user at a time, 0..10000000, 0 for none (default 4000)
          --report FILE      also write the report as JSON
        """;

    public int Seed { get; init; } = 1;

    public int? JobsGiven { get; init; }

    public int? NodesGiven { get; init; }

    public int? HoursGiven { get; init; }

    public bool Grains { get; init; }

    /// <summary>Jobs of the generated trace (the scale: 20,000, through the grains too).</summary>
    public int Jobs => JobsGiven ?? 20_000;

    /// <summary>Most nodes of the cpu pool.</summary>
    public int MaxNodes => NodesGiven ?? 1000;

    /// <summary>Span of the generated arrivals.</summary>
    public int Hours => HoursGiven ?? 12;

    public string? TracePath { get; init; }

    public string? WriteTracePath { get; init; }

    public bool Compare { get; init; }

    public bool SkipThroughput { get; init; }

    public TimeSpan ScaleDownDelay { get; init; } = TimeSpan.FromMinutes(10);

    public double SpotInterruptionsPerNodeHour { get; init; } = 0.05;

    public int UserVcpuCap { get; init; } = 4000;

    public string? ReportPath { get; init; }

    public string? Error { get; init; }

    public static SimulatorArguments Parse(string[] args)
    {
        var parsed = new SimulatorArguments();
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            int? Number(int min, int max) => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
            switch (args[i])
            {
                case "--seed":
                    parsed = Number(0, int.MaxValue) is { } seed ? parsed with { Seed = seed } : parsed with { Error = "--seed takes a number from 0" };
                    break;
                case "--jobs":
                    parsed = Number(1, 1_000_000) is { } jobs ? parsed with { JobsGiven = jobs } : parsed with { Error = "--jobs takes a number from 1 to 1000000" };
                    break;
                case "--nodes":
                    parsed = Number(1, 10_000) is { } nodes ? parsed with { NodesGiven = nodes } : parsed with { Error = "--nodes takes a number from 1 to 10000" };
                    break;
                case "--hours":
                    parsed = Number(1, 1000) is { } hours ? parsed with { HoursGiven = hours } : parsed with { Error = "--hours takes a number from 1 to 1000" };
                    break;
                case "--grains":
                    parsed = parsed with { Grains = true };
                    break;
                case "--trace":
                    parsed = Next() is { } trace ? parsed with { TracePath = trace } : parsed with { Error = "--trace takes a file" };
                    break;
                case "--write-trace":
                    parsed = Next() is { } output ? parsed with { WriteTracePath = output } : parsed with { Error = "--write-trace takes a file" };
                    break;
                case "--compare":
                    parsed = parsed with { Compare = true };
                    break;
                case "--scale-down-delay":
                    parsed = Number(0, 1440) is { } minutes ? parsed with { ScaleDownDelay = TimeSpan.FromMinutes(minutes) } : parsed with { Error = "--scale-down-delay takes minutes from 0 to 1440" };
                    break;
                case "--spot-interruptions":
                    parsed = double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1000
                        ? parsed with { SpotInterruptionsPerNodeHour = rate }
                        : parsed with { Error = "--spot-interruptions takes interruptions per node-hour from 0 to 1000" };
                    break;
                case "--user-cap":
                    parsed = Number(0, 10_000_000) is { } cap ? parsed with { UserVcpuCap = cap } : parsed with { Error = "--user-cap takes vCPU from 0 (none) to 10000000" };
                    break;
                case "--report":
                    parsed = Next() is { } report ? parsed with { ReportPath = report } : parsed with { Error = "--report takes a file" };
                    break;
                case "--no-throughput":
                    parsed = parsed with { SkipThroughput = true };
                    break;
                default:
                    return parsed with { Error = $"unknown argument '{args[i]}'" };
            }
        }

        return parsed;
    }

    public static SimulationSettings Default(SimulatorArguments args) => new()
    {
        Seed = args.Seed,
        MaxNodes = args.MaxNodes,
        MaxSpotNodes = Math.Max(1, args.MaxNodes / 5),
        HeadroomPercent = 5,
        ScaleDownDelay = args.ScaleDownDelay,
        SpotInterruptionsPerNodeHour = args.SpotInterruptionsPerNodeHour,
        UserVcpuCap = args.UserVcpuCap,
        Label = string.Create(CultureInfo.InvariantCulture, $"headroom 5% of reserved / delay {args.ScaleDownDelay.TotalMinutes:0} min"),
    };

    public static IEnumerable<SimulationSettings> ComparePolicies(SimulatorArguments args)
    {
        var headrooms = new (string Label, int Percent, int FreeNodes)[] { ("none", 0, 0), ("5% of reserved", 5, 0), ("4 free nodes", 0, 4) };
        var downs = new (string Label, TimeSpan Delay, TimeSpan Billing)[]
        {
            ("delay 2 min", TimeSpan.FromMinutes(2), TimeSpan.Zero),
            ("delay 10 min", TimeSpan.FromMinutes(10), TimeSpan.Zero),
            ("delay 2 min, 1 h billing", TimeSpan.FromMinutes(2), TimeSpan.FromHours(1)),
        };
        foreach (var headroom in headrooms)
        {
            foreach (var down in downs)
            {
                yield return Default(args) with
                {
                    HeadroomPercent = headroom.Percent,
                    HeadroomFreeNodes = headroom.FreeNodes,
                    ScaleDownDelay = down.Delay,
                    MinimumBillingPeriod = down.Billing,
                    Label = $"{headroom.Label} / {down.Label}",
                };
            }
        }
    }
}
