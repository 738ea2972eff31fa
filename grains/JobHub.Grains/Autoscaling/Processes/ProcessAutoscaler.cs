namespace JobHub.Grains.Autoscaling.Processes;

/// <summary>
/// The process autoscaler of one elastic job (pure logic on a <see cref="TimeProvider"/>): averages the reported
/// metric over the rule's window and answers how many workers the job should have.
/// </summary>
public sealed class ProcessAutoscaler
{
    /// <summary>Samples kept at most (a job reporting faster than this per window only loses the oldest).</summary>
    public const int MaxSamples = 10_000;

    private readonly Queue<(DateTimeOffset At, double Value)> _samples = new();
    private readonly TimeProvider _time;
    private DateTimeOffset? _lastChange;
    private DateTimeOffset _newest;

    /// <summary>
    /// A scaler following <paramref name="rule"/> (which must be valid); <paramref name="lastChange"/> is when an earlier
    /// incarnation last changed the count, so its cool-down still holds.
    /// </summary>
    public ProcessAutoscaler(ProcessScalerRule rule, TimeProvider time, DateTimeOffset? lastChange = null)
    {
        _lastChange = lastChange;
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Validate() is { Count: > 0 } failures)
        {
            throw new ArgumentException(string.Join(' ', failures), nameof(rule));
        }

        Rule = rule;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The rule.</summary>
    public ProcessScalerRule Rule { get; }

    /// <summary>When <see cref="Desired"/> last answered a change; null before the first.</summary>
    public DateTimeOffset? LastChange => _lastChange;

    /// <summary>The newest sample reported (by time); null before the first.</summary>
    public double? LastValue { get; private set; }

    /// <summary>Records one value of the metric at <paramref name="at"/>.</summary>
    public void Report(double value, DateTimeOffset at)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A metric value is a finite number.");
        }

        if (_samples.Count == 0 || at >= _newest)
        {
            _newest = at;
            LastValue = value;
        }

        _samples.Enqueue((at, value));
        while (_samples.Count > MaxSamples)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>The metric's average over the window ending now; null without samples in it.</summary>
    public double? WindowAverage()
    {
        var since = _time.GetUtcNow() - Rule.Window;
        while (_samples.TryPeek(out var oldest) && oldest.At < since)
        {
            _samples.Dequeue();
        }

        return _samples.Count == 0 ? null : _samples.Average(s => s.Value);
    }

    /// <summary>
    /// The worker count the job should have, given <paramref name="current"/>: ⌈average ÷ target⌉ within the bounds,
    /// at most one step from the current count, unchanged during the cool-down after a change (bounds always apply).
    /// </summary>
    public int Desired(int current)
    {
        var now = _time.GetUtcNow();
        var bounded = Math.Clamp(current, Rule.MinWorkers, Rule.MaxWorkers);
        if (WindowAverage() is not { } average || (_lastChange is { } last && now - last < Rule.CoolDown))
        {
            return Note(current, bounded, now);
        }

        var wanted = (int)Math.Clamp(Math.Ceiling(average / Rule.TargetPerWorker), Rule.MinWorkers, Rule.MaxWorkers);
        var stepped = Math.Clamp(wanted, current - Rule.MaxStepDown, current + Rule.MaxStepUp);
        return Note(current, Math.Clamp(stepped, Rule.MinWorkers, Rule.MaxWorkers), now);
    }

    /// <summary>Which workers to stop to remove <paramref name="count"/>: the newest idle ones first, then the newest busy ones.</summary>
    public static IReadOnlyList<int> ChooseWorkersToStop(IEnumerable<WorkerCandidate> workers, int count)
    {
        ArgumentNullException.ThrowIfNull(workers);
        return [.. workers
            .OrderByDescending(w => w.Idle)
            .ThenByDescending(w => w.StartedAt)
            .ThenByDescending(w => w.Index)
            .Take(Math.Max(0, count))
            .Select(w => w.Index)];
    }

    private int Note(int current, int desired, DateTimeOffset now)
    {
        if (desired != current)
        {
            _lastChange = now;
        }

        return desired;
    }
}
