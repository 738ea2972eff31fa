using System.Globalization;
using JobHub.Contracts.Jobs;

namespace JobHub.Contracts.Validation;

// The shape of a job (mode, counts) and whether its processes fit on a node of its type.
public static partial class JobSpecValidator
{
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
        if (distributed.Nodes is <= 0 or > JobLimits.MaxNodes)
        {
            errors.Add("distributed.nodes", string.Create(CultureInfo.InvariantCulture, $"The number of nodes must be between 1 and {JobLimits.MaxNodes} (was {distributed.Nodes})."));
            countsValid = false;
        }

        if (distributed.ProcessesPerNode is <= 0 or > JobLimits.MaxProcessesPerNode)
        {
            errors.Add("distributed.processesPerNode", string.Create(CultureInfo.InvariantCulture, $"The number of processes per node must be between 1 and {JobLimits.MaxProcessesPerNode} (was {distributed.ProcessesPerNode})."));
            countsValid = false;
        }

        if (countsValid && (long)distributed.Nodes * distributed.ProcessesPerNode > JobLimits.MaxProcesses)
        {
            errors.Add("distributed", string.Create(CultureInfo.InvariantCulture, $"A job runs at most {JobLimits.MaxProcesses} processes; nodes × processes per node is {(long)distributed.Nodes * distributed.ProcessesPerNode}."));
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

        if (distributed.WorkerNodeType is { } workerNodeType)
        {
            if (distributed.Pool != WorkerPoolKind.Elastic)
            {
                errors.Add("distributed.workerNodeType", "Only an elastic pool's workers may run on another node type: a fixed pool's workers start together with its master, and losing one fails the job.");
            }
            else if (workerNodeType.Length is 0 or > JobLimits.MaxNodeTypeLength || string.IsNullOrWhiteSpace(workerNodeType) || TextRules.HasControlCharacters(workerNodeType))
            {
                errors.Add("distributed.workerNodeType", $"A node type name is 1 to {JobLimits.MaxNodeTypeLength} characters without control characters; leave it out for the workers to run on the job's node type.");
            }
        }

        return countsValid ? distributed.ProcessesPerNode : null;
    }

    private static void ValidateConstraints(PoolConstraints? constraints, ErrorList errors)
    {
        if (constraints is null)
        {
            return;
        }

        if (constraints.MinVcpu is < 0 or > JobLimits.MaxConstraintVcpu)
        {
            errors.Add("constraints.minVcpu", $"At least 0 and at most {JobLimits.MaxConstraintVcpu}.");
        }

        if (constraints.MinMemoryMiB is < 0 or > JobLimits.MaxConstraintMemoryMiB)
        {
            errors.Add("constraints.minMemoryMiB", $"At least 0 and at most {JobLimits.MaxConstraintMemoryMiB} (16 TiB).");
        }

        if (constraints.MinGpus is < 0 or > JobLimits.MaxConstraintGpus)
        {
            errors.Add("constraints.minGpus", $"At least 0 and at most {JobLimits.MaxConstraintGpus}.");
        }

        var labels = constraints.Labels.IsDefault ? [] : constraints.Labels;
        if (labels.Length > JobLimits.MaxConstraintLabels
            || labels.Any(label => label is null or { Length: 0 or > JobLimits.MaxConstraintLabelLength } || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add("constraints.labels", $"At most {JobLimits.MaxConstraintLabels} labels, each 1 to {JobLimits.MaxConstraintLabelLength} characters of letters, digits, '-', '_' and '.'.");
        }
    }

    private static void ValidatePlacement(JobSpec spec, IReadOnlyCollection<NodeTypeSpec>? nodeTypes, int? processesPerNode, ErrorList errors)
    {
        ValidateConstraints(spec.Constraints, errors);
        if (string.IsNullOrWhiteSpace(spec.NodeType))
        {
            if (spec.Constraints is null)
            {
                errors.Add("nodeType", "Choose a node type, or give constraints for JobHub to choose one.");
            }

            return; // the silo chooses the pool from the constraints
        }

        if (spec.NodeType.Length > JobLimits.MaxNodeTypeLength || TextRules.HasControlCharacters(spec.NodeType))
        {
            errors.Add("nodeType", $"A node type name is at most {JobLimits.MaxNodeTypeLength} characters without control characters.");
            return;
        }

        // Resources out of bounds are not checked against a node: their products could overflow.
        if ((spec.ProcessResources is { } bounded && !ValidateResourceBounds(bounded, errors)) || nodeTypes is null)
        {
            return;
        }

        var nodeType = nodeTypes.FirstOrDefault(type => string.Equals(type.Name, spec.NodeType, StringComparison.Ordinal));
        if (nodeType is null)
        {
            var known = nodeTypes.Count == 0 ? "none" : string.Join(", ", nodeTypes.Select(type => type.Name).Order(StringComparer.Ordinal));
            errors.Add("nodeType", $"Unknown node type '{TextRules.Show(spec.NodeType)}' (known: {known}).");
            return;
        }

        ValidateFit(spec, nodeType, processesPerNode, spec.Mode == JobMode.Distributed ? "distributed.processesPerNode" : "nodeType", errors);
        if (spec.Mode == JobMode.Distributed && spec.Distributed is { Pool: WorkerPoolKind.Elastic, WorkerNodeType: { } workerTypeName }
            && !errors.ContainsKey("distributed.workerNodeType"))
        {
            if (nodeTypes.FirstOrDefault(type => string.Equals(type.Name, workerTypeName, StringComparison.Ordinal)) is not { } workerType)
            {
                var known = string.Join(", ", nodeTypes.Select(type => type.Name).Order(StringComparer.Ordinal));
                errors.Add("distributed.workerNodeType", $"Unknown node type '{TextRules.Show(workerTypeName)}' (known: {known}).");
            }
            else
            {
                ValidateFit(spec, workerType, processesPerNode, "distributed.workerNodeType", errors);
            }
        }
    }

    /// <summary>Whether the job's processes, <paramref name="processesPerNode"/> of them, fit on a node of <paramref name="nodeType"/>.</summary>
    private static void ValidateFit(JobSpec spec, NodeTypeSpec nodeType, int? processesPerNode, string equalShareField, ErrorList errors)
    {
        if (spec.ProcessResources is { } resources)
        {
            ValidateExplicitResources(resources, nodeType, processesPerNode, errors);
        }
        else if (processesPerNode is { } perNode && perNode > nodeType.Vcpu)
        {
            errors.Add(equalShareField, string.Create(
                CultureInfo.InvariantCulture,
                $"{perNode} processes per node do not fit on a '{nodeType.Name}' node: each process needs at least 1 vCPU and the node has {nodeType.Vcpu}."));
        }
    }

    /// <summary>Checks each resource against its bounds; false when one is out of them.</summary>
    private static bool ValidateResourceBounds(ProcessResources resources, ErrorList errors)
    {
        var valid = true;
        if (resources.Vcpu is <= 0 or > JobLimits.MaxVcpuPerProcess)
        {
            valid = false;
            errors.Add("processResources.vcpu", string.Create(CultureInfo.InvariantCulture, $"Each process needs more than 0 and at most {JobLimits.MaxVcpuPerProcess} vCPUs (was {resources.Vcpu})."));
        }

        if (resources.MemoryMiB is <= 0 or > JobLimits.MaxMemoryMiBPerProcess)
        {
            valid = false;
            errors.Add("processResources.memoryMiB", string.Create(CultureInfo.InvariantCulture, $"Each process needs more than 0 and at most {JobLimits.MaxMemoryMiBPerProcess} MiB of memory (was {resources.MemoryMiB})."));
        }

        if (resources.Gpus is < 0 or > JobLimits.MaxGpusPerProcess)
        {
            valid = false;
            errors.Add("processResources.gpus", string.Create(CultureInfo.InvariantCulture, $"The number of GPUs must be between 0 and {JobLimits.MaxGpusPerProcess} (was {resources.Gpus})."));
        }
    
        return valid;
    }

    private static void ValidateExplicitResources(ProcessResources resources, NodeTypeSpec nodeType, int? processesPerNode, ErrorList errors)
    {
        if (processesPerNode is not { } perNode)
        {
            return;
        }

        // Compared so that no product can overflow: m × p ≤ N ⇔ m ≤ ⌊N / p⌋ for whole numbers.
        var needs = new List<string>();
        if (resources.Vcpu > nodeType.Vcpu / (decimal)perNode)
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
}
