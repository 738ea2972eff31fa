using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Metrics;

namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>A job spec's scaler (<c>distributed.scaler</c>) as a <see cref="ProcessScalerRule"/>, and its checks at submit.</summary>
public static class ProcessScalerSpecs
{
    private const string Field = "distributed.scaler";

    /// <summary>The rule of <paramref name="spec"/>.</summary>
    public static ProcessScalerRule ToRule(ProcessScalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ProcessScalerRule
        {
            Metric = spec.Metric,
            Window = spec.Window,
            MinWorkers = spec.MinWorkers,
            MaxWorkers = spec.MaxWorkers,
            TargetPerWorker = spec.TargetPerWorker,
            MaxStepUp = spec.MaxStepUp,
            MaxStepDown = spec.MaxStepDown,
            CoolDown = spec.CoolDown,
        };
    }

    /// <summary>Every problem of the job's scaler by field (<c>distributed.scaler.maxWorkers</c>, …); empty without a scaler or when it is valid.</summary>
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

        // The rule's own checks, each under its field's JSON name ("MaxWorkers must be …" → distributed.scaler.maxWorkers).
        foreach (var failure in ToRule(scaler).Validate())
        {
            var name = failure[..failure.IndexOf(' ', StringComparison.Ordinal)];
            problems[Field + "." + char.ToLowerInvariant(name[0]) + name[1..]] = [failure];
        }

        if (!problems.ContainsKey(Field + ".metric") && MetricLimits.NameProblem(scaler.Metric) is { } metric)
        {
            problems[Field + ".metric"] = ["Metric: " + metric];
        }

        var workers = distributed.Nodes * distributed.ProcessesPerNode - 1;
        if (!problems.ContainsKey(Field + ".maxWorkers") && scaler.MaxWorkers > workers)
        {
            problems[Field + ".maxWorkers"] = [string.Create(CultureInfo.InvariantCulture, $"MaxWorkers must be at most the job's workers, nodes × processesPerNode − 1 = {workers} (was {scaler.MaxWorkers}).")];
        }

        return problems;
    }
}
