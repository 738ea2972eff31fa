using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using JobHub.Benchmarks.Harness;
using JobHub.Benchmarks.Scenarios;

if (args.Length > 0 && args[0] == SiloRole.Argument)
{
    return await SiloRole.RunAsync(args);
}

IScenario[] scenarios = [new ThroughputScenario(), new LatencyScenario(), new ActivationScenario(), new ReferenceScenario(), new StorageScenario(), new CrossSiloScenario(), new GatewayScenario(), new ScaleOutScenario(), new JobStoresScenario()];

var settings = new BenchSettings();
var selected = new List<IScenario>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            settings.Runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--scale" when i + 1 < args.Length:
            settings.Scale = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "all":
            selected.AddRange(scenarios);
            break;
        default:
            var match = scenarios.FirstOrDefault(s => s.Name == args[i]);
            if (match is null)
            {
                Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
                Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/JobHub.Benchmarks -- all|" +
                    string.Join("|", scenarios.Select(s => s.Name)) + " [--runs N] [--scale F]");
                return 2;
            }

            selected.Add(match);
            break;
    }
}

if (selected.Count == 0)
{
    selected.AddRange(scenarios);
}

Console.WriteLine($"JobHub benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
    $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {settings.Runs} run(s) per scenario, scale {settings.Scale}");
var table = new ResultTable();
var failures = 0;
var total = Stopwatch.StartNew();
foreach (var scenario in selected.Distinct())
{
    var runs = new List<IReadOnlyList<Measurement>>();
    for (var run = 1; run <= settings.Runs; run++)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Measurement> figures;
        try
        {
            figures = await scenario.RunAsync(settings);
        }
        catch (Exception ex)
        {
            // A failed run is reported and left out of the medians; the exit code says something failed.
            failures++;
            Console.WriteLine($"  {scenario.Name} run {run} FAILED after {clock.Elapsed.TotalSeconds:0.0} s: {ex.GetType().Name}: {ex.Message}");
            continue;
        }

        runs.Add(figures);
        Console.WriteLine($"  {scenario.Name} run {run}: " +
            string.Join(", ", figures.Select(f => $"{f.Name} {f.Value.ToString("0.##", CultureInfo.InvariantCulture)}{(f.Unit.Length > 0 ? " " + f.Unit : string.Empty)}")) +
            $"  ({clock.Elapsed.TotalSeconds:0.0} s)");
        GC.Collect();
    }

    if (runs.Count > 0)
    {
        table.Add(scenario.Name, runs);
    }
}

Console.WriteLine();
Console.Write(table.Render());
Console.WriteLine($"Total {total.Elapsed.TotalSeconds:0} s." + (failures > 0 ? $" {failures} run(s) FAILED (see above)." : string.Empty));
return failures > 0 ? 1 : 0;
