using System.Globalization;
using System.Text;

namespace JobHub.Simulator;

/// <summary>What a run measured. Everything but the wall-clock figures is the same for the same trace and seed.</summary>
public sealed record SimulationReport
{
    public required string Label { get; init; }

    public int Jobs { get; init; }

    public int Refused { get; init; }

    public int Completed { get; init; }

    public int Failed { get; init; }

    public double WaitP50Seconds { get; init; }

    public double WaitP99Seconds { get; init; }

    public double WaitMaxSeconds { get; init; }

    public double WaitMeanSeconds { get; init; }

    /// <summary>Share of started jobs that waited more than a minute.</summary>
    public double WaitedOverAMinute { get; init; }

    public double NodeHoursPaid { get; init; }

    public decimal Cost { get; init; }

    public double Utilisation { get; init; }

    public int PeakNodes { get; init; }

    public int ScaleUps { get; init; }

    public int ScaleDowns { get; init; }

    public int Replacements { get; init; }

    public int SpotInterruptions { get; init; }

    public int RequeuedWorkers { get; init; }

    public int RequeuedAfterInterruption { get; init; }

    public int InterruptedCriticalProcesses { get; init; }

    public long Placements { get; init; }

    public TimeSpan SimulatedSpan { get; init; }

    public TimeSpan WallClock { get; init; }

    public TimeSpan SchedulerWallClock { get; init; }

    /// <summary>True for a run through the grains (placements are then process starts on the simulated nodes).</summary>
    public bool ThroughGrains { get; init; }

    /// <summary>Through the grains: the driver's steps (arrivals and timer ticks); 0 for the scheduler-only run.</summary>
    public long Steps { get; init; }

    /// <summary>Through the grains: ticks of grains that deactivated before the tick ran.</summary>
    public int DroppedTicks { get; init; }

    /// <summary>Through the grains: waits of a second in which counted work did not move (should be 0).</summary>
    public int Stalls { get; init; }

    /// <summary>Placements per second of wall-clock time spent in the scheduler.</summary>
    public double PlacementsPerSecond => SchedulerWallClock.TotalSeconds <= 0 ? 0 : Placements / SchedulerWallClock.TotalSeconds;

    /// <summary>The deterministic part of the report.</summary>
    public string Deterministic()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"policy                          {Label}");
        Line($"jobs                            {Jobs} ({Completed} completed, {Failed} failed, {Refused} refused as misfits)");
        Line($"job wait p50 / p99 / max        {WaitP50Seconds:0.0} s / {WaitP99Seconds:0.0} s / {WaitMaxSeconds:0.0} s");
        Line($"job wait mean; over a minute    {WaitMeanSeconds:0.0} s; {WaitedOverAMinute:P1} of jobs");
        Line($"node-hours paid                 {NodeHoursPaid:0.0} (${Cost:0.00}); peak {PeakNodes} nodes");
        Line($"utilisation of paid node time   {Utilisation:P1}");
        Line($"scale actions                   {ScaleUps} up, {ScaleDowns} down, {Replacements} replacements");
        Line($"spot interruptions              {SpotInterruptions} ({RequeuedAfterInterruption} elastic workers on them placed again)");
        Line($"elastic workers moved           {RequeuedWorkers} (off nodes scaled down or interrupted)");
        Line($"interrupted critical processes  {InterruptedCriticalProcesses}");
        if (ThroughGrains)
        {
            Line($"process starts                  {Placements}");
        }
        else
        {
            Line($"placements                      {Placements}");
        }

        Line($"simulated time                  {SimulatedSpan.TotalHours:0.00} h");
        return text.ToString();
    }

    /// <summary>The wall-clock part.</summary>
    public string WallClockFigures() => ThroughGrains
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"wall clock                      {WallClock.TotalSeconds:0.0} s ({Steps:N0} steps, {Steps / Math.Max(WallClock.TotalSeconds, 1e-9):N0} steps/s, {Placements / Math.Max(WallClock.TotalSeconds, 1e-9):N0} process starts/s; {DroppedTicks} ticks dropped, {Stalls} stalls)\n")
        : string.Create(
            CultureInfo.InvariantCulture,
            $"wall clock                      {WallClock.TotalSeconds:0.0} s (scheduler {SchedulerWallClock.TotalSeconds:0.00} s: {PlacementsPerSecond:N0} placements/s)\n");
}
