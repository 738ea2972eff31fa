using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub submit --scaler-*</c>: an elastic job's process autoscaler (<c>distributed.scaler</c>) from flags, over a job
/// file's scaler when there is one. Numbers are parsed and range-checked as they are read; the whole scaler is then
/// checked by <see cref="ProcessScalerSpecValidator"/> (the silo's rules), and each problem is reported under its flag.
/// </summary>
internal sealed class SubmitScalerOptions
{
    /// <summary>Each scaler field (as the validator names it) and the flag that sets it.</summary>
    private static readonly Dictionary<string, string> FlagOf = new(StringComparer.Ordinal)
    {
        [ProcessScalerSpecValidator.Field + ".metric"] = "--scaler-metric",
        [ProcessScalerSpecValidator.Field + ".targetPerWorker"] = "--scaler-target-per-worker",
        [ProcessScalerSpecValidator.Field + ".minWorkers"] = "--scaler-min",
        [ProcessScalerSpecValidator.Field + ".maxWorkers"] = "--scaler-max",
        [ProcessScalerSpecValidator.Field + ".window"] = "--scaler-window",
        [ProcessScalerSpecValidator.Field + ".coolDown"] = "--scaler-cooldown",
        [ProcessScalerSpecValidator.Field + ".maxStepUp"] = "--scaler-step-up",
        [ProcessScalerSpecValidator.Field + ".maxStepDown"] = "--scaler-step-down",
    };

    private readonly Option<string?> _metric = new("--scaler-metric") { Description = "Elastic pool: scale the workers on this metric the job reports (jobhub metrics report NAME VALUE); the other --scaler-* flags need it", HelpName = "name" };
    private readonly Option<decimal?> _target = OptionValues.Fraction("--scaler-target-per-worker", zeroAllowed: false, 1_000_000_000m, "Scaler: metric value one worker handles; workers = ceil(window average / this) (default 10)", "X");
    private readonly Option<int?> _min = OptionValues.Whole("--scaler-min", string.Empty, 0, ProcessScalerSpecValidator.MaxWorkers, "Scaler: fewest workers (default 1)");
    private readonly Option<int?> _max = OptionValues.Whole("--scaler-max", string.Empty, 0, ProcessScalerSpecValidator.MaxWorkers, "Scaler: most workers, at most the job's workers (default 10)");
    private readonly Option<TimeSpan?> _window = Duration("--scaler-window", zeroAllowed: false, "Scaler: window the metric is averaged over, 1s to 1h (default 1m)");
    private readonly Option<TimeSpan?> _coolDown = Duration("--scaler-cooldown", zeroAllowed: true, "Scaler: least time between two changes, 0 to 1h (default 30s)");
    private readonly Option<int?> _step = OptionValues.Whole("--scaler-step", string.Empty, 1, ProcessScalerSpecValidator.MaxStep, "Scaler: most workers added or removed in one change (sets both --scaler-step-up and --scaler-step-down)");
    private readonly Option<int?> _stepUp = OptionValues.Whole("--scaler-step-up", string.Empty, 1, ProcessScalerSpecValidator.MaxStep, "Scaler: most workers added in one change (default 4)");
    private readonly Option<int?> _stepDown = OptionValues.Whole("--scaler-step-down", string.Empty, 1, ProcessScalerSpecValidator.MaxStep, "Scaler: most workers removed in one change (default 2)");

    /// <summary>The options, to add to the command.</summary>
    public IEnumerable<Option> All => [_metric, _target, _min, _max, _window, _coolDown, _step, _stepUp, _stepDown];

    /// <summary>True when any <c>--scaler-*</c> flag was given (the job is then distributed).</summary>
    public bool AnyGiven(ParseResult parse) => All.Any(o => parse.GetResult(o) is not null);

    /// <summary>
    /// The spec with its scaler set from the flags given (over the job file's), then checked: a flag without
    /// <c>--scaler-metric</c> (and no scaler in the file), a fixed pool, or a value the silo would refuse is a usage error
    /// naming the flag and the rule, and nothing is sent.
    /// </summary>
    public JobSpec Apply(JobSpec spec, ParseResult parse)
    {
        if (!AnyGiven(parse))
        {
            return spec;
        }

        var distributed = spec.Distributed ?? new DistributedSpec();
        var scaler = distributed.Scaler;
        var metric = parse.GetValue(_metric);
        if (scaler is null && metric is null)
        {
            throw new CliUsageException("--scaler-metric: say which metric to scale on; the other --scaler-* flags need it.");
        }

        if (distributed.Pool != WorkerPoolKind.Elastic)
        {
            throw new CliUsageException("--scaler-*: a scaler grows and shrinks an elastic pool's workers; add --pool elastic (a fixed pool's workers are all started at once and never scaled).");
        }

        var step = parse.GetValue(_step);
        scaler = (scaler ?? new ProcessScalerSpec()) with
        {
            Metric = metric ?? scaler!.Metric,
            TargetPerWorker = parse.GetValue(_target) is { } target ? (double)target : scaler?.TargetPerWorker ?? new ProcessScalerSpec().TargetPerWorker,
        };
        scaler = scaler with
        {
            MinWorkers = parse.GetValue(_min) ?? scaler.MinWorkers,
            MaxWorkers = parse.GetValue(_max) ?? scaler.MaxWorkers,
            Window = parse.GetValue(_window) ?? scaler.Window,
            CoolDown = parse.GetValue(_coolDown) ?? scaler.CoolDown,
            MaxStepUp = parse.GetValue(_stepUp) ?? step ?? scaler.MaxStepUp,
            MaxStepDown = parse.GetValue(_stepDown) ?? step ?? scaler.MaxStepDown,
        };
        var result = spec with { Distributed = distributed with { Scaler = scaler } };

        var problems = ProcessScalerSpecValidator.Problems(result);
        if (problems.Count > 0)
        {
            throw new CliUsageException(string.Join(
                Environment.NewLine,
                problems.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Select(m => $"{FlagOf.GetValueOrDefault(p.Key, p.Key)}: {m}"))));
        }

        return result;
    }

    /// <summary>A duration flag (<see cref="DurationParser"/>); "0" too when <paramref name="zeroAllowed"/>.</summary>
    private static Option<TimeSpan?> Duration(string name, bool zeroAllowed, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result => zeroAllowed && IsZero(result) ? TimeSpan.Zero : OptionValues.Duration(result, name),
    };

    private static bool IsZero(ArgumentResult result) =>
        result.Tokens.Count > 0 && result.Tokens[0].Value.Trim() is "0" or "0s" or "00:00:00";
}
