using System.Globalization;

namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>
/// A job's process autoscaler: the metric it reports (for example the length of its work queue), the window averaged
/// over, the bounds on workers, and the rule: one worker per <see cref="TargetPerWorker"/> of the metric, growing by at
/// most <see cref="MaxStepUp"/> and shrinking by at most <see cref="MaxStepDown"/> per change, at most one change per
/// <see cref="CoolDown"/>.
/// </summary>
public sealed record ProcessScalerRule
{
    /// <summary>Name of the metric the job reports; 1–64 characters.</summary>
    public required string Metric { get; init; }

    /// <summary>Samples averaged over this window. Default 1 minute; 1 second to 1 hour.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Fewest workers. Default 1; 0 to 10,000.</summary>
    public int MinWorkers { get; init; } = 1;

    /// <summary>Most workers. Default 10; <see cref="MinWorkers"/> to 10,000.</summary>
    public int MaxWorkers { get; init; } = 10;

    /// <summary>Metric value one worker handles. Default 10; above 0, at most 1e9.</summary>
    public double TargetPerWorker { get; init; } = 10;

    /// <summary>Most workers added in one change. Default 4; 1 to 1,000.</summary>
    public int MaxStepUp { get; init; } = 4;

    /// <summary>Most workers removed in one change. Default 2; 1 to 1,000.</summary>
    public int MaxStepDown { get; init; } = 2;

    /// <summary>Least time between two changes. Default 30 seconds; 0 to 1 hour.</summary>
    public TimeSpan CoolDown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every broken bound, naming the field ("MaxWorkers must be between MinWorkers (5) and 10000 (was 2)."); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        void Check(bool ok, string field, FormattableString rule)
        {
            if (!ok)
            {
                failures.Add(field + " " + rule.ToString(CultureInfo.InvariantCulture));
            }
        }

        Check(!string.IsNullOrWhiteSpace(Metric) && Metric.Length <= 64, nameof(Metric), $"must be 1-64 characters (was '{Metric}').");
        Check(Window >= TimeSpan.FromSeconds(1) && Window <= TimeSpan.FromHours(1), nameof(Window), $"must be between 00:00:01 and 01:00:00 (was {Window}).");
        Check(MinWorkers is >= 0 and <= 10_000, nameof(MinWorkers), $"must be between 0 and 10000 (was {MinWorkers}).");
        Check(MaxWorkers >= MinWorkers && MaxWorkers <= 10_000, nameof(MaxWorkers), $"must be between MinWorkers ({MinWorkers}) and 10000 (was {MaxWorkers}).");
        Check(TargetPerWorker is > 0 and <= 1e9, nameof(TargetPerWorker), $"must be above 0 and at most 1e9 (was {TargetPerWorker}).");
        Check(MaxStepUp is >= 1 and <= 1000, nameof(MaxStepUp), $"must be between 1 and 1000 (was {MaxStepUp}).");
        Check(MaxStepDown is >= 1 and <= 1000, nameof(MaxStepDown), $"must be between 1 and 1000 (was {MaxStepDown}).");
        Check(CoolDown >= TimeSpan.Zero && CoolDown <= TimeSpan.FromHours(1), nameof(CoolDown), $"must be between 00:00:00 and 01:00:00 (was {CoolDown}).");
        return failures;
    }
}
