using System.Globalization;
using System.Text.Json;
using JobHub.Simulator;
using JobHub.Simulator.ThroughGrains;

// JobHub's scheduler and cluster autoscaler against a job trace, in simulated time (see benchmarks/README.md).
var options = SimulatorArguments.Parse(args);
if (options.Error is { } error)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(SimulatorArguments.Usage);
    return 2;
}

var trace = options.TracePath is { } path
    ? TraceFile.Read(path)
    : TraceGenerator.Generate(options.Seed, options.Jobs, TimeSpan.FromHours(options.Hours));
if (options.WriteTracePath is { } output)
{
    TraceFile.Write(output, trace);
    Console.WriteLine($"trace of {trace.Count} jobs written to {output}");
}

if (options.Grains)
{
    if (options.Compare)
    {
        Console.Error.WriteLine("--compare runs the scheduler-only simulation; it does not combine with --grains");
        return 2;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JobHub simulator through the grains: {trace.Count} jobs, seed {options.Seed}, cpu pool up to {options.MaxNodes} nodes × 32 vCPU, spot pool (elastic workers) up to {Math.Max(1, options.MaxNodes / 5)}"));
    SimulationReport throughGrains;
    try
    {
        throughGrains = await new GrainSimulation(trace, SimulatorArguments.Default(options)) { Progress = line => Console.Error.WriteLine($"  {line}") }.RunAsync(CancellationToken.None);
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("stopped before the trace ended: no report");
        return 130;
    }

    Console.WriteLine();
    Console.Write(throughGrains.Deterministic());
    Console.Write(throughGrains.WallClockFigures());
    WriteReport(options.ReportPath, throughGrains);
    return throughGrains.InterruptedCriticalProcesses == 0 ? 0 : 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JobHub simulator: {trace.Count} jobs, seed {options.Seed}, cpu pool up to {options.MaxNodes} nodes × 32 vCPU, spot pool up to {options.MaxNodes / 5}"));
if (options.Compare)
{
    var rows = new List<SimulationReport>();
    foreach (var settings in SimulatorArguments.ComparePolicies(options))
    {
        rows.Add(await new Simulation(trace, settings).RunAsync(CancellationToken.None));
        Console.Error.WriteLine($"  {settings.Label}: done");
    }

    Console.WriteLine();
    Console.WriteLine("| headroom | scale-down | wait p50 | wait p99 | wait mean | waited > 1 min | node-hours | cost | utilisation | scale up/down | interrupted critical |");
    Console.WriteLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    foreach (var r in rows)
    {
        var parts = r.Label.Split(" / ");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {parts[0]} | {parts[1]} | {r.WaitP50Seconds:0} s | {r.WaitP99Seconds:0} s | {r.WaitMeanSeconds:0} s | {r.WaitedOverAMinute:P1} | {r.NodeHoursPaid:0} | ${r.Cost:0} | {r.Utilisation:P1} | {r.ScaleUps}/{r.ScaleDowns} | {r.InterruptedCriticalProcesses} |"));
    }

    return 0;
}

var report = await new Simulation(trace, SimulatorArguments.Default(options)).RunAsync(CancellationToken.None);
Console.WriteLine();
Console.Write(report.Deterministic());
Console.Write(report.WallClockFigures());
WriteReport(options.ReportPath, report);
if (!options.SkipThroughput)
{
    var (fill, churn, placed) = PlacementThroughput.Measure(trace, options.MaxNodes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scheduler alone, {options.MaxNodes} nodes × 32: fill {fill:N0} placements/s, churn {churn:N0} placements/s ({placed} placements)"));
}

return report.InterruptedCriticalProcesses == 0 ? 0 : 1;

static void WriteReport(string? path, SimulationReport report)
{
    if (path is not null)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    }
}
