using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Metrics;

namespace JobHub.Contracts.Validation;

/// <summary>
/// Checks a job spec's process autoscaler (<c>distributed.scaler</c>) and reports every problem by field
/// (<c>distributed.scaler.window</c>, …). The silo runs it at submit beside <see cref="JobSpecValidator"/>; the CLI runs
/// it before sending, so <c>jobhub submit --scaler-*</c> is refused with the same words and nothing is sent.
/// </summary>
public static class ProcessScalerSpecValidator
{
    /// <summary>The field of the scaler in a job spec.</summary>
    public const string Field = "distributed.scaler";

    /// <summary>Shortest window.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    /// <summary>Longest window, and longest cool-down.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    /// <summary>Most workers a scaler may keep.</summary>
    public const int MaxWorkers = 10_000;

    /// <summary>Largest step up or down.</summary>
    public const int MaxStep = 1_000;

    /// <summary>Largest target per worker.</summary>
    public const double MaxTargetPerWorker = 1e9;

    /// <summary>Every problem of the job's scaler by field; empty without a scaler or when it is valid.</summary>
    public static Dictionary<string, string[]> Problems(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (spec.Distributed is not { Scaler: { } scaler } distributed)
        {
            return problems;
        }

        if (spec.Mode != JobMode.Distributed || distributed.Pool != WorkerPoolKind.Elastic)
        {
            problems[Field] = ["A scaler needs a distributed job with an elastic pool (\"pool\": \"elastic\")."];
            return problems;
        }

        void Check(bool ok, string field, FormattableString rule)
        {
            if (!ok)
            {
                problems[Field + "." + char.ToLowerInvariant(field[0]) + field[1..]] = [field + " " + rule.ToString(CultureInfo.InvariantCulture)];
            }
        }

        var metric = scaler.Metric;
        Check(!string.IsNullOrWhiteSpace(metric) && metric.Length <= MetricLimits.MaxNameLength, "Metric", $"must be 1-{MetricLimits.MaxNameLength} characters (was '{TextRules.Show(metric ?? string.Empty)}').");
        if (!problems.ContainsKey(Field + ".metric") && MetricLimits.NameProblem(metric) is { } name)
        {
            problems[Field + ".metric"] = ["Metric: " + name];
        }

        Check(scaler.Window >= MinWindow && scaler.Window <= MaxWindow, "Window", $"must be between {MinWindow} and {MaxWindow} (was {scaler.Window}).");
        Check(scaler.MinWorkers is >= 0 and <= MaxWorkers, "MinWorkers", $"must be between 0 and {MaxWorkers} (was {scaler.MinWorkers}).");
        Check(scaler.MaxWorkers >= scaler.MinWorkers && scaler.MaxWorkers <= MaxWorkers, "MaxWorkers", $"must be between MinWorkers ({scaler.MinWorkers}) and {MaxWorkers} (was {scaler.MaxWorkers}).");
        Check(scaler.TargetPerWorker is > 0 and <= MaxTargetPerWorker, "TargetPerWorker", $"must be above 0 and at most 1e9 (was {scaler.TargetPerWorker}).");
        Check(scaler.MaxStepUp is >= 1 and <= MaxStep, "MaxStepUp", $"must be between 1 and {MaxStep} (was {scaler.MaxStepUp}).");
        Check(scaler.MaxStepDown is >= 1 and <= MaxStep, "MaxStepDown", $"must be between 1 and {MaxStep} (was {scaler.MaxStepDown}).");
        Check(scaler.CoolDown >= TimeSpan.Zero && scaler.CoolDown <= MaxWindow, "CoolDown", $"must be between {TimeSpan.Zero} and {MaxWindow} (was {scaler.CoolDown}).");

        var workers = (long)distributed.Nodes * distributed.ProcessesPerNode - 1;
        if (!problems.ContainsKey(Field + ".maxWorkers") && scaler.MaxWorkers > workers)
        {
            problems[Field + ".maxWorkers"] = [string.Create(CultureInfo.InvariantCulture, $"MaxWorkers must be at most the job's workers, nodes × processesPerNode − 1 = {workers} (was {scaler.MaxWorkers}).")];
        }

        return problems;
    }
}
