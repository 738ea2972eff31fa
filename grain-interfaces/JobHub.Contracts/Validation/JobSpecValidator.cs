using System.Globalization;
using System.Text;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Projects;

namespace JobHub.Contracts.Validation;

/// <summary>
/// Checks a <see cref="JobSpec"/> and reports ALL its problems by field, so nothing is created for a
/// bad spec and its author can fix everything at once. The silo runs it on every submission; the SDK and the CLI
/// run it (without node types) before sending, so the same rules and the same words apply everywhere.
/// Every size and count has an upper bound (<see cref="JobLimits"/>).
/// </summary>
/// <remarks>
/// Resources: without <see cref="JobSpec.ProcessResources"/> each process gets an equal share of a
/// node (node vCPU, memory and GPUs ÷ processes per node) and needs at least one vCPU, so processes per
/// node may not exceed the node type's vCPU count. With explicit resources, processes per node ×
/// resources must fit in one node (vCPU, memory and GPUs each); each resource must be positive
/// (GPUs may be 0). A single-process job counts as one process per node.
/// </remarks>
public static partial class JobSpecValidator
{
    /// <summary>Prefixes of the environment variables JobHub sets for every process.</summary>
    private static readonly string[] ReservedEnvironmentPrefixes = ["JOBHUB_", "JULIAHUB_"];

    /// <summary>
    /// Validates <paramref name="spec"/>; with <paramref name="nodeTypes"/> also that its node type exists and its
    /// processes fit on one of its nodes (the silo knows the node types; the SDK and CLI pass null).
    /// </summary>
    public static JobSpecValidationResult Validate(JobSpec spec, IReadOnlyCollection<NodeTypeSpec>? nodeTypes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new ErrorList();
        ValidateName(spec, errors);
        ValidateWhatToRun(spec, errors);
        ValidateEnvironment(spec, errors);
        ValidateDatasets(spec, errors);
        var processesPerNode = ValidateShape(spec, errors);
        ValidatePlacement(spec, nodeTypes, processesPerNode, errors);
        if (TimeLimitProblem(spec.TimeLimit) is { } timeLimit)
        {
            errors.Add("timeLimit", timeLimit);
        }

        if (spec.CostLimit is < 0 or > JobLimits.MaxCostLimit)
        {
            errors.Add("costLimit", string.Create(CultureInfo.InvariantCulture, $"The cost limit must be between 0 and {JobLimits.MaxCostLimit:0} dollars (was {spec.CostLimit})."));
        }

        if (spec.Priority is < JobLimits.MinPriority or > JobLimits.MaxPriority)
        {
            errors.Add("priority", string.Create(CultureInfo.InvariantCulture, $"The priority must be between {JobLimits.MinPriority} and {JobLimits.MaxPriority} (was {spec.Priority})."));
        }

        if (spec.Project is { } project && ProjectNames.NameProblem(project) is { } projectProblem)
        {
            errors.Add("project", $"'{TextRules.Show(project)}' is not a project name: {projectProblem}.");
        }

        return new JobSpecValidationResult(errors.ToDictionary());
    }

    /// <summary>What is wrong with <paramref name="timeLimit"/> as a job's time limit, or null when nothing is.</summary>
    public static string? TimeLimitProblem(TimeSpan timeLimit) =>
        timeLimit <= TimeSpan.Zero || timeLimit > JobLimits.MaxTimeLimit
            ? $"The time limit must be more than 0 and at most {Days(JobLimits.MaxTimeLimit)} (was {Describe(timeLimit)})."
            : null;

    /// <summary>
    /// What is wrong with extending a time limit of <paramref name="current"/> by <paramref name="extension"/>, or
    /// null when nothing is: the extension must be positive and the new limit at most <see cref="JobLimits.MaxTimeLimit"/>.
    /// Checked without adding first, so no value can overflow.
    /// </summary>
    public static string? ExtensionProblem(TimeSpan extension, TimeSpan current)
    {
        if (extension <= TimeSpan.Zero || extension > JobLimits.MaxTimeLimit)
        {
            return $"The extension must be more than 0 and at most {Days(JobLimits.MaxTimeLimit)} (was {Describe(extension)}).";
        }

        if (extension <= JobLimits.MaxTimeLimit - current)
        {
            return null;
        }

        // A limit stored before limits existed may be near TimeSpan.MaxValue: never add what could overflow.
        var would = current <= TimeSpan.MaxValue - extension ? $"would become {Describe(current + extension)}" : "would pass the largest duration there is";
        return $"The time limit {would}; a job's time limit is at most {Days(JobLimits.MaxTimeLimit)} (it is {Describe(current)} now).";
    }

    /// <summary>What is wrong with <paramref name="reason"/> as the reason for stopping a job, or null when nothing is.</summary>
    public static string? StopReasonProblem(string? reason) =>
        reason is null ? null
        : reason.Length > JobLimits.MaxStopReasonLength ? $"The reason is longer than {JobLimits.MaxStopReasonLength} characters (it has {reason.Length})."
        : TextRules.HasControlCharacters(reason, allowLineBreaks: true) ? "The reason may not hold control characters (other than line breaks and tabs)."
        : null;

    private static string Days(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0} days ({span:c})");

    private static string Describe(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a worker pool kind from text (<c>fixed</c> or <c>elastic</c>, any case); on failure
    /// <paramref name="error"/> says what is accepted.
    /// </summary>
    public static bool TryParsePoolKind(string? text, out WorkerPoolKind kind, out string? error)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "fixed":
                kind = WorkerPoolKind.Fixed;
                error = null;
                return true;
            case "elastic":
                kind = WorkerPoolKind.Elastic;
                error = null;
                return true;
            default:
                kind = default;
                error = $"Unknown worker pool kind '{TextRules.Show(text)}': use 'fixed' or 'elastic'.";
                return false;
        }
    }

    private static void ValidateName(JobSpec spec, ErrorList errors)
    {
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            errors.Add("name", "A job needs a name.");
        }
        else if (spec.Name.Length > JobLimits.MaxNameLength)
        {
            errors.Add("name", $"The name is longer than {JobLimits.MaxNameLength} characters (it has {spec.Name.Length}).");
        }
        else if (TextRules.HasControlCharacters(spec.Name))
        {
            errors.Add("name", "The name may not hold control characters (tabs, line breaks, escape codes, NUL) or invisible formatting characters.");
        }
    }

    private static void ValidateWhatToRun(JobSpec spec, ErrorList errors)
    {
        var hasCommand = !string.IsNullOrWhiteSpace(spec.Command);
        var hasScript = !string.IsNullOrWhiteSpace(spec.EntryScript);
        if (!hasCommand && !hasScript)
        {
            errors.Add("command", "Give a command to run, or an entry script inside the code bundle.");
        }
        else if (hasCommand && hasScript)
        {
            errors.Add("command", "Give either a command or an entry script, not both.");
            errors.Add("entryScript", "Give either a command or an entry script, not both.");
        }

        if (spec.Command is { } command && (command.Length > JobLimits.MaxCommandLength || TextRules.HasControlCharacters(command)))
        {
            errors.Add("command", $"The command must be at most {JobLimits.MaxCommandLength} characters without control characters (it has {command.Length}).");
        }

        if (hasScript)
        {
            var script = spec.EntryScript!;
            if (script.Length > JobLimits.MaxEntryScriptLength || TextRules.HasControlCharacters(script))
            {
                errors.Add("entryScript", $"The entry script must be a path of at most {JobLimits.MaxEntryScriptLength} characters without control characters (it has {script.Length}).");
            }
            else if (script.StartsWith('/') || script.Split('/', '\\').Contains(".."))
            {
                errors.Add("entryScript", $"The entry script '{TextRules.Show(script)}' must be a relative path inside the code bundle.");
            }

            if (!hasCommand && spec.CodeBundleId is null)
            {
                errors.Add("codeBundleId", "An entry script runs from a code bundle: upload the folder (POST /api/v1/bundles) and give its id.");
            }
        }

        if (spec.CodeBundleId is { } bundleId && !IdRules.IsCodeBundleId(bundleId))
        {
            errors.Add("codeBundleId", $"'{TextRules.Show(bundleId)}' is not a code bundle id (ids look like bundle-3f9a0c1d2e4b5a69).");
        }

        ValidateArguments(spec, errors);
    }

    private static void ValidateArguments(JobSpec spec, ErrorList errors)
    {
        // A spec built in code with default(ImmutableArray) has no arguments list at all.
        if (spec.Arguments.IsDefault)
        {
            errors.Add("arguments", "Arguments must be a list (use [] for none).");
            return;
        }

        if (spec.Arguments.Length > JobLimits.MaxArguments)
        {
            errors.Add("arguments", $"A job takes at most {JobLimits.MaxArguments} arguments (it has {spec.Arguments.Length}).");
            return;
        }

        long bytes = 0;
        foreach (var argument in spec.Arguments)
        {
            if (argument is null || argument.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add("arguments", "Arguments may not be null or contain NUL characters.");
                return;
            }

            bytes += Encoding.UTF8.GetByteCount(argument) + 1;
        }

        if (bytes > JobLimits.MaxArgumentBytes)
        {
            errors.Add("arguments", $"The arguments take {bytes} bytes; at most {JobLimits.MaxArgumentBytes} are allowed.");
        }
    }

    private static void ValidateEnvironment(JobSpec spec, ErrorList errors)
    {
        if (spec.Environment is null)
        {
            errors.Add("environment", "The environment must be an object of names and values (use {} for none).");
            return;
        }

        if (spec.Environment.Count > JobLimits.MaxEnvironmentVariables)
        {
            errors.Add("environment", $"A job sets at most {JobLimits.MaxEnvironmentVariables} environment variables (it has {spec.Environment.Count}).");
            return;
        }

        long bytes = 0;
        foreach (var (name, value) in spec.Environment)
        {
            var shown = TextRules.Show(name ?? string.Empty);
            var field = "environment." + shown;
            if (string.IsNullOrEmpty(name) || name.Length > JobLimits.MaxEnvironmentNameLength || name.Contains('=', StringComparison.Ordinal) || TextRules.HasControlCharacters(name))
            {
                errors.Add("environment", $"'{shown}' is not a valid environment variable name: 1 to {JobLimits.MaxEnvironmentNameLength} characters, no '=' and no control characters.");
            }
            else if (ReservedEnvironmentPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                errors.Add(field, $"Names starting with {string.Join(" or ", ReservedEnvironmentPrefixes)} are reserved for JobHub.");
            }

            if (value is null || value.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(field, "The value may not be null or contain NUL characters.");
            }
            else
            {
                bytes += Encoding.UTF8.GetByteCount(name ?? string.Empty) + Encoding.UTF8.GetByteCount(value) + 2;
            }
        }

        if (bytes > JobLimits.MaxEnvironmentBytes)
        {
            errors.Add("environment", $"The environment takes {bytes} bytes; at most {JobLimits.MaxEnvironmentBytes} are allowed.");
        }
    }

    private sealed class ErrorList
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var messages))
            {
                _errors[field] = messages = [];
            }

            messages.Add(message);
        }

        public bool ContainsKey(string field) => _errors.ContainsKey(field);

        public IReadOnlyDictionary<string, string[]> ToDictionary() =>
            _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }
}
