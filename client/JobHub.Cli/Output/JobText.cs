using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Output;

/// <summary>
/// How jobs, states and times read on the console. Text that came from users or jobs (names, reasons, commands, node ids,
/// summaries) goes through <see cref="Safe"/>, so it never prints raw escape codes, NUL or line breaks.
/// </summary>
internal static class JobText
{
    public static readonly IReadOnlyDictionary<string, JobState> StatesByName = Enum.GetValues<JobState>()
        .SelectMany(s => new[] { (Name(s), s), (s.ToString(), s) })
        .DistinctBy(p => p.Item1.ToUpperInvariant())
        .ToDictionary(p => p.Item1, p => p.s, StringComparer.OrdinalIgnoreCase);

    /// <summary>The state as the API spells it (<c>timedOut</c>).</summary>
    public static string Name(JobState state) => state switch
    {
        JobState.TimedOut => "timedOut",
        JobState.CostLimitReached => "costLimitReached",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string Name(WorkerStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Text from a user or a job, made safe for one line of a terminal (<see cref="TextRules.ForTerminal"/>).</summary>
    public static string Safe(string? text) => TextRules.ForTerminal(text ?? string.Empty);

    public static string Time(DateTimeOffset? time) =>
        time is { } value ? value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    /// <summary><c>0.25 USD (900 s at 1.00 USD/h, final)</c>: the job's cost, the seconds and price it is computed from, and whether it is final.</summary>
    public static string Cost(JobInfo job) => string.Create(
        CultureInfo.InvariantCulture,
        $"{job.Cost:0.00####} {Safe(job.Currency)} ({job.BilledSeconds} s at {job.PricePerHour:0.00####} {Safe(job.Currency)}/h, {(job.CostFinal ? "final" : "so far")})");

    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0} s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h {duration.Minutes} min"),
    };

    /// <summary>One line: <c>job-1 completed (exit code 0)</c>, or the state with its reason.</summary>
    public static string Outcome(JobInfo job)
    {
        var line = $"{Safe(job.JobId)} {Name(job.State)}";
        if (job.ExitCode is { } code)
        {
            line += string.Create(CultureInfo.InvariantCulture, $" (exit code {code})");
        }

        return string.IsNullOrWhiteSpace(job.Reason) ? line : $"{line}: {Safe(job.Reason)}";
    }

    public static void WriteStatus(TextWriter output, JobInfo job)
    {
        output.WriteLine($"job:        {Safe(job.JobId)} ({Safe(job.Spec.Name)})");
        output.WriteLine($"state:      {Name(job.State)}");
        output.WriteLine($"reason:     {Safe(job.Reason)}");
        output.WriteLine($"owner:      {Safe(job.Owner)}");
        output.WriteLine($"command:    {Command(job.Spec)}");
        output.WriteLine($"mode:       {Mode(job.Spec)}");
        if (job.Spec.Priority != 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"priority:   {job.Spec.Priority} (among the owner's waiting jobs)"));
        }

        output.WriteLine($"submitted:  {Time(job.SubmittedAt)}");
        output.WriteLine($"started:    {Time(job.StartedAt)}");
        output.WriteLine($"ended:      {Time(job.EndedAt)}");
        output.WriteLine($"time limit: {job.TimeLimit:c}{(job.Deadline is { } deadline ? $" (until {Time(deadline)})" : string.Empty)}");
        output.WriteLine($"cost:       {Cost(job)}");
        if (job.ExitCode is { } code)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exit code:  {code}"));
        }

        if (job.Summary is { } summary)
        {
            output.WriteLine($"summary:    {Safe(summary.Content.Trim().ReplaceLineEndings(" "))}{(summary.Truncated ? " (truncated)" : string.Empty)}{(summary.InvalidJson ? " (not valid JSON)" : string.Empty)}");
        }

        if (job.Results is { } results)
        {
            output.WriteLine(results.Accepted
                ? string.Create(CultureInfo.InvariantCulture, $"results:    {results.Files.Length} file(s), {results.TotalBytes} bytes")
                : $"results:    refused: {Safe(results.RefusalReason)}");
        }

        output.WriteLine("history:");
        foreach (var step in job.History)
        {
            output.WriteLine($"  {Time(step.Time)}  {Name(step.State),-9}  {Safe(step.Reason)}");
        }
    }

    private static string Command(JobSpec spec) =>
        Safe(string.Join(' ', new[] { spec.Command ?? spec.EntryScript ?? string.Empty }.Concat(spec.Arguments.IsDefault ? [] : spec.Arguments).Select(Quote)));

    private static string Mode(JobSpec spec) => spec.Distributed is { } d
        ? string.Create(CultureInfo.InvariantCulture, $"distributed, {d.Nodes} node(s) × {d.ProcessesPerNode} process(es), {d.Pool.ToString().ToLowerInvariant()} pool, node type {Safe(spec.NodeType)}")
            + (d.WorkerNodeType is { } workerNodeType ? $", workers on {Safe(workerNodeType)}" : string.Empty)
        : $"single-process, node type {Safe(spec.NodeType)}";

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '\\') ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
