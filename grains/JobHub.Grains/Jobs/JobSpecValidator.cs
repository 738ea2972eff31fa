using System.Globalization;
using JobHub.Agent.Bundles;
using JobHub.Agent.Jobs;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;

namespace JobHub.Grains.Jobs;

/// <summary>
/// Checks a <see cref="JobSpec"/> and reports ALL its problems by field, so nothing is created for a
/// bad spec and its author can fix everything at once.
/// </summary>
/// <remarks>
/// Resources: without <see cref="JobSpec.ProcessResources"/> each process gets an equal share of a
/// node (node vCPU, memory and GPUs ÷ processes per node) and needs at least one vCPU, so processes per
/// node may not exceed the node type's vCPU count. With explicit resources, processes per node ×
/// resources must fit in one node (vCPU, memory and GPUs each); each resource must be positive
/// (GPUs may be 0). A single-process job counts as one process per node.
/// </remarks>
public static class JobSpecValidator
{
    /// <summary>Longest job name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Validates <paramref name="spec"/> against the known node types.</summary>
    public static JobSpecValidationResult Validate(JobSpec spec, IReadOnlyCollection<NodeTypeSpec> nodeTypes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(nodeTypes);
        var errors = new ErrorList();
        ValidateName(spec, errors);
        ValidateWhatToRun(spec, errors);
        ValidateEnvironment(spec, errors);
        var processesPerNode = ValidateShape(spec, errors);
        ValidatePlacement(spec, nodeTypes, processesPerNode, errors);
        if (spec.TimeLimit <= TimeSpan.Zero)
        {
            errors.Add("timeLimit", $"The time limit must be positive (was {spec.TimeLimit}).");
        }

        if (spec.CostLimit is < 0)
        {
            errors.Add("costLimit", string.Create(CultureInfo.InvariantCulture, $"The cost limit must not be negative (was {spec.CostLimit})."));
        }

        return new JobSpecValidationResult(errors.ToDictionary());
    }

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
                error = $"Unknown worker pool kind '{text}': use 'fixed' or 'elastic'.";
                return false;
        }
    }

    private static void ValidateName(JobSpec spec, ErrorList errors)
    {
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            errors.Add("name", "A job needs a name.");
        }
        else if (spec.Name.Length > MaxNameLength)
        {
            errors.Add("name", $"The name is longer than {MaxNameLength} characters.");
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

        if (hasScript)
        {
            var script = spec.EntryScript!;
            if (script.StartsWith('/') || script.Split('/', '\\').Contains("..") || script.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add("entryScript", $"The entry script '{script}' must be a relative path inside the code bundle.");
            }

            if (!hasCommand && spec.CodeBundleId is null)
            {
                errors.Add("codeBundleId", "An entry script runs from a code bundle: upload the folder (POST /api/v1/bundles) and give its id.");
            }
        }

        if (spec.CodeBundleId is { } bundleId && !CodeBundleStore.IsValidId(bundleId))
        {
            errors.Add("codeBundleId", $"'{bundleId}' is not a code bundle id (ids look like bundle-3f9a0c1d2e4b5a69).");
        }

        // A spec built in code with default(ImmutableArray) has no arguments list at all.
        if (spec.Arguments.IsDefault)
        {
            errors.Add("arguments", "Arguments must be a list (use [] for none).");
        }
        else if (spec.Arguments.Any(argument => argument is null || argument.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add("arguments", "Arguments may not be null or contain NUL characters.");
        }
    }

    private static void ValidateEnvironment(JobSpec spec, ErrorList errors)
    {
        if (spec.Environment is null)
        {
            errors.Add("environment", "The environment must be an object of names and values (use {} for none).");
            return;
        }

        foreach (var (name, value) in spec.Environment)
        {
            var field = "environment." + name;
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add("environment", $"'{name}' is not a valid environment variable name.");
            }
            else if (JobEnvironment.IsReserved(name))
            {
                errors.Add(field, $"Names starting with {JobEnvironment.JobHubPrefix} or {JobEnvironment.JuliaHubPrefix} are reserved for JobHub.");
            }

            if (value is null || value.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(field, "The value may not be null or contain NUL characters.");
            }
        }
    }

    /// <summary>Checks mode and counts; returns processes per node when known, else null.</summary>
    private static int? ValidateShape(JobSpec spec, ErrorList errors)
    {
        if (!Enum.IsDefined(spec.Mode))
        {
            errors.Add("mode", $"Unknown mode '{spec.Mode}': use 'single-process' or 'distributed'.");
            return null;
        }

        if (spec.Mode == JobMode.SingleProcess)
        {
            if (spec.Distributed is not null)
            {
                errors.Add("distributed", "A single-process job takes no distributed settings (nodes, processes per node, pool, minimum workers); use mode 'distributed'.");
            }

            return 1;
        }

        if (spec.Distributed is not { } distributed)
        {
            errors.Add("distributed", "A distributed job needs its distributed settings (nodes, processes per node, pool).");
            return null;
        }

        var countsValid = true;
        if (distributed.Nodes <= 0)
        {
            errors.Add("distributed.nodes", string.Create(CultureInfo.InvariantCulture, $"The number of nodes must be at least 1 (was {distributed.Nodes})."));
            countsValid = false;
        }

        if (distributed.ProcessesPerNode <= 0)
        {
            errors.Add("distributed.processesPerNode", string.Create(CultureInfo.InvariantCulture, $"The number of processes per node must be at least 1 (was {distributed.ProcessesPerNode})."));
            countsValid = false;
        }

        if (!Enum.IsDefined(distributed.Pool))
        {
            errors.Add("distributed.pool", $"Unknown worker pool kind '{distributed.Pool}': use 'fixed' or 'elastic'.");
        }

        if (distributed.MinimumWorkers is { } minimum)
        {
            var workers = (long)distributed.Nodes * distributed.ProcessesPerNode - 1;
            if (minimum < 0)
            {
                errors.Add("distributed.minimumWorkers", string.Create(CultureInfo.InvariantCulture, $"The minimum number of workers must not be negative (was {minimum})."));
            }
            else if (countsValid && minimum > workers)
            {
                errors.Add("distributed.minimumWorkers", string.Create(CultureInfo.InvariantCulture, $"The minimum number of workers ({minimum}) is more than the job's {workers} workers (nodes × processes per node − 1 master)."));
            }
        }

        return countsValid ? distributed.ProcessesPerNode : null;
    }

    private static void ValidatePlacement(JobSpec spec, IReadOnlyCollection<NodeTypeSpec> nodeTypes, int? processesPerNode, ErrorList errors)
    {
        if (string.IsNullOrWhiteSpace(spec.NodeType))
        {
            errors.Add("nodeType", "Choose a node type.");
            return;
        }

        var nodeType = nodeTypes.FirstOrDefault(type => string.Equals(type.Name, spec.NodeType, StringComparison.Ordinal));
        if (nodeType is null)
        {
            var known = nodeTypes.Count == 0 ? "none" : string.Join(", ", nodeTypes.Select(type => type.Name).Order(StringComparer.Ordinal));
            errors.Add("nodeType", $"Unknown node type '{spec.NodeType}' (known: {known}).");
            return;
        }

        if (spec.ProcessResources is { } resources)
        {
            ValidateExplicitResources(resources, nodeType, processesPerNode, errors);
        }
        else if (processesPerNode is { } perNode && perNode > nodeType.Vcpu)
        {
            errors.Add(spec.Mode == JobMode.Distributed ? "distributed.processesPerNode" : "nodeType", string.Create(
                CultureInfo.InvariantCulture,
                $"{perNode} processes per node do not fit on a '{nodeType.Name}' node: each process needs at least 1 vCPU and the node has {nodeType.Vcpu}."));
        }
    }

    private static void ValidateExplicitResources(ProcessResources resources, NodeTypeSpec nodeType, int? processesPerNode, ErrorList errors)
    {
        if (resources.Vcpu <= 0)
        {
            errors.Add("processResources.vcpu", "Each process needs a positive number of vCPUs.");
        }

        if (resources.MemoryMiB <= 0)
        {
            errors.Add("processResources.memoryMiB", "Each process needs a positive amount of memory.");
        }

        if (resources.Gpus < 0)
        {
            errors.Add("processResources.gpus", "The number of GPUs must not be negative.");
        }

        if (processesPerNode is not { } perNode)
        {
            return;
        }

        // Compared so that no product can overflow: m × p ≤ N ⇔ m ≤ ⌊N / p⌋ for whole numbers.
        var needs = new List<string>();
        if (resources.Vcpu > nodeType.Vcpu || resources.Vcpu * perNode > nodeType.Vcpu)
        {
            needs.Add(string.Create(CultureInfo.InvariantCulture, $"{resources.Vcpu} vCPU each (node has {nodeType.Vcpu})"));
        }

        if (resources.MemoryMiB > nodeType.MemoryMiB / perNode)
        {
            needs.Add(string.Create(CultureInfo.InvariantCulture, $"{resources.MemoryMiB} MiB memory each (node has {nodeType.MemoryMiB})"));
        }

        if (resources.Gpus > nodeType.Gpus / perNode)
        {
            needs.Add(string.Create(CultureInfo.InvariantCulture, $"{resources.Gpus} GPUs each (node has {nodeType.Gpus})"));
        }

        if (needs.Count > 0)
        {
            errors.Add("processResources", string.Create(
                CultureInfo.InvariantCulture,
                $"{perNode} processes per node do not fit on a '{nodeType.Name}' node: they need {string.Join(", ", needs)}."));
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

        public IReadOnlyDictionary<string, string[]> ToDictionary() =>
            _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }
}
