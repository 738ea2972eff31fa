using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Datasets;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Projects;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub submit</c>: a job from flags, a job file, or both (flags win); optionally waits for its end.</summary>
internal static class SubmitCommand
{
    public const string DefaultNodeType = "local";

    /// <summary>Stands for the bundle's id while checking a spec before the upload hands out the real one.</summary>
    private const string PendingBundleId = "bundle-0000000000000000";

    public static Command Create(GlobalOptions global)
    {
        var file = new Option<FileInfo?>("--file") { Description = "A job spec in JSON (the API's JobSpec); flags given as well override its values", HelpName = "job.json" };
        var name = new Option<string?>("--name", "-n") { Description = "The job's name (default: the command's file name)" };
        var command = new Option<string?>("--command") { Description = "The executable to run; without it the first argument after -- is the command" };
        var arguments = new Argument<string[]>("args") { Description = "The command and its arguments (with --entry: the script's arguments), after --", Arity = ArgumentArity.ZeroOrMore };
        var bundle = new Option<DirectoryInfo?>("--bundle", "-b") { Description = "A folder to pack and upload as the job's code bundle, unpacked into its working folder", HelpName = "folder" };
        var entry = new Option<string?>("--entry") { Description = "The entry script to run, a path inside the bundle (e.g. run.sh); arguments after -- are passed to it", HelpName = "script" };
        var env = new Option<string[]>("--env", "-e") { Description = "An environment variable KEY=VALUE (repeatable)", HelpName = "KEY=VALUE", Arity = ArgumentArity.ZeroOrMore };
        env.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.IndexOf('=', StringComparison.Ordinal) <= 0))
            {
                result.AddError($"--env must be KEY=VALUE with a non-empty KEY (was '{OptionValues.Shown(token.Value)}').");
            }
        });
        var nodeType = new Option<string?>("--node-type") { Description = $"The node type to run on (default: {DefaultNodeType})" };
        var mode = OptionValues.Choice("--mode", "single-process or distributed (default: distributed when any of --nodes, --processes-per-node, --pool, --min-workers, --worker-node-type, --scaler-* is given)", "single-process", "distributed");
        var nodes = OptionValues.Whole("--nodes", string.Empty, 1, JobLimits.MaxNodes, $"Distributed: number of nodes (1 to {JobLimits.MaxNodes})");
        var perNode = OptionValues.Whole("--processes-per-node", string.Empty, 1, JobLimits.MaxProcessesPerNode, $"Distributed: processes on each node (1 to {JobLimits.MaxProcessesPerNode}; one of all processes is the master)");
        var pool = OptionValues.Choice("--pool", "Distributed: worker pool, fixed or elastic", "fixed", "elastic");
        var workerNodeType = new Option<string?>("--worker-node-type") { Description = "Distributed, elastic pool: the node type of the workers, e.g. a spot pool (default: --node-type, where the master runs)", HelpName = "type" };
        var minWorkers = OptionValues.Whole("--min-workers", string.Empty, 0, JobLimits.MaxProcesses, "Distributed: workers that must run before a fixed pool's master starts (default: all)");
        var vcpu = OptionValues.Fraction("--vcpu", zeroAllowed: false, JobLimits.MaxVcpuPerProcess, "vCPUs per process, may be fractional (default: an equal share of a node)", "vcpu");
        var memory = OptionValues.WholeLong("--memory", 1, JobLimits.MaxMemoryMiBPerProcess, "Memory per process in MiB (with --vcpu; default 512)", "MiB");
        var gpus = OptionValues.Whole("--gpus", string.Empty, 0, JobLimits.MaxGpusPerProcess, "GPUs per process (with --vcpu; default 0)");
        var timeLimit = new Option<TimeSpan?>("--time-limit")
        {
            Description = "Wall-clock limit, e.g. 2h, 30m, 01:00:00 (default 1h, at most 30 days)",
            HelpName = "duration",
            CustomParser = result => OptionValues.Duration(result, "--time-limit"),
        };
        var costLimit = OptionValues.Fraction("--cost-limit", zeroAllowed: true, JobLimits.MaxCostLimit, "Spending limit in dollars", "dollars");
        var project = new Option<string?>("--project") { Description = "The project to run in (you must be a member): its secrets become readable by the job", HelpName = "name" };
        project.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && ProjectNames.NameProblem(result.Tokens[0].Value) is { } problem)
            {
                result.AddError($"--project: {problem}.");
            }
        });
        var dataset = new Option<string[]>("--dataset")
        {
            Description = $"A dataset placed read-only at datasets/NAME in the job's folder: NAME (yours) or OWNER/NAME (another user's public one); repeatable, at most {DatasetNames.MaxDatasetsPerJob}, added to the job file's",
            HelpName = "name",
            Arity = ArgumentArity.OneOrMore,
        };
        dataset.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (DatasetNames.ReferenceProblem(token.Value) is { } problem)
                {
                    result.AddError($"--dataset: {problem}");
                }
            }
        });
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait for the job to end, showing progress; exit 0 when it completed, 1 otherwise" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Print the job's log while waiting (implies --wait)" };
        var json = new Option<bool>("--json") { Description = "Print the submitted job (or the estimate) as JSON instead of its id" };
        var estimate = new Option<bool>("--estimate") { Description = "Print what the job would cost (price per hour, cost at the time limit, minimum charge) and submit nothing" };

        var scaler = new SubmitScalerOptions();
        var minNodeVcpu = OptionValues.Whole("--min-node-vcpu", string.Empty, 0, JobLimits.MaxConstraintVcpu, "Instead of --node-type: run on the cheapest pool whose nodes have at least this many vCPUs");
        var minNodeMemory = OptionValues.WholeLong("--min-node-memory", 0, JobLimits.MaxConstraintMemoryMiB, "Instead of --node-type: nodes with at least this much memory", "MiB");
        var minNodeGpus = OptionValues.Whole("--min-node-gpus", string.Empty, 0, JobLimits.MaxConstraintGpus, "Instead of --node-type: nodes with at least this many GPUs");
        var priority = OptionValues.Whole("--priority", string.Empty, JobLimits.MinPriority, JobLimits.MaxPriority, "Order among your own waiting jobs, higher first (default 0)");
        var label = new Option<string[]>("--pool-label")
        {
            Description = $"Instead of --node-type: a label the pool must carry (e.g. high-memory); repeatable, at most {JobLimits.MaxConstraintLabels}",
            HelpName = "label",
            Arity = ArgumentArity.OneOrMore,
        };

        var submit = new Command("submit", "Submit a job: jobhub submit --name hello -- /bin/sh -c 'echo hi'")
        {
            file, name, command, bundle, entry, env, nodeType, mode, nodes, perNode, pool, minWorkers, vcpu, memory, gpus, timeLimit, costLimit, project, dataset, wait, follow, json, estimate, arguments,
        };
        foreach (var option in scaler.All)
        {
            submit.Options.Add(option);
        }

        foreach (var option in new Option[] { minNodeVcpu, minNodeMemory, minNodeGpus, label, priority, workerNodeType })
        {
            submit.Options.Add(option);
        }

        submit.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var spec = parse.GetValue(file) is { } path ? await ReadFileAsync(path, cancellationToken) : new JobSpec();
            spec = ApplyCommand(spec, parse.GetValue(command), parse.GetValue(entry), parse.GetValue(arguments) ?? []);
            spec = spec with
            {
                Name = parse.GetValue(name) ?? (!string.IsNullOrEmpty(spec.Name) ? spec.Name : Path.GetFileName(spec.Command ?? spec.EntryScript ?? string.Empty)),
                Constraints = Constraints(spec.Constraints, parse.GetValue(minNodeVcpu), parse.GetValue(minNodeMemory), parse.GetValue(minNodeGpus), parse.GetValue(label) ?? []),
                Environment = MergeEnvironment(spec.Environment, parse.GetValue(env) ?? []),
                TimeLimit = parse.GetValue(timeLimit) ?? spec.TimeLimit,
                CostLimit = parse.GetValue(costLimit) ?? spec.CostLimit,
                Project = parse.GetValue(project) ?? spec.Project,
                Priority = parse.GetValue(priority) ?? spec.Priority,
                Datasets = MergeDatasets(spec.Datasets, parse.GetValue(dataset) ?? []),
            };
            // With constraints and no pool named, the silo chooses the pool.
            spec = spec with { NodeType = parse.GetValue(nodeType) ?? (!string.IsNullOrEmpty(spec.NodeType) || spec.Constraints is not null ? spec.NodeType : DefaultNodeType) };
            spec = ApplyResources(spec, parse.GetValue(vcpu), parse.GetValue(memory), parse.GetValue(gpus));
            spec = ApplyDistribution(spec, parse.GetValue(mode), new DistributionFlags(parse.GetValue(nodes), parse.GetValue(perNode), parse.GetValue(pool), parse.GetValue(minWorkers), parse.GetValue(workerNodeType)), scaler.AnyGiven(parse));
            spec = scaler.Apply(spec, parse);

            // The SDK checks the spec again before sending; checked here first so a bad spec uploads no bundle either.
            var folder = parse.GetValue(bundle);
            ThrowIfInvalid(folder is null ? spec : spec with { CodeBundleId = PendingBundleId });
            if (parse.GetValue(estimate))
            {
                // Nothing is uploaded or submitted: a bundle's id only has to look like one for the estimate.
                var cost = await client.EstimateAsync(folder is null ? spec : spec with { CodeBundleId = PendingBundleId }, cancellationToken);
                await Console.Out.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(cost, JobHubJson.Options) : EstimateText.Describe(cost));
                return ExitCodes.Success;
            }

            if (folder is not null)
            {
                spec = spec with { CodeBundleId = (await UploadBundleAsync(client, folder, cancellationToken)).BundleId };
            }

            var job = await client.SubmitAsync(spec, cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(job, JobHubJson.Options));
            }
            else
            {
                await Console.Out.WriteLineAsync(JobText.Safe(job.JobId));
            }

            await Console.Error.WriteLineAsync($"submitted {JobText.Outcome(job)}");
            if (!parse.GetValue(wait) && !parse.GetValue(follow))
            {
                return ExitCodes.Success;
            }

            return await JobWaiter.WaitAsync(client, job.JobId, parse.GetValue(follow), cancellationToken);
        });
        return submit;
    }

    private static void ThrowIfInvalid(JobSpec spec)
    {
        var errors = JobSpecValidator.Validate(spec, nodeTypes: null).Errors.Concat(ProcessScalerSpecValidator.Problems(spec)).ToList();
        if (errors.Count > 0)
        {
            throw new JobHubValidationException(errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal), nameof(spec));
        }
    }

    private static async Task<JobSpec> ReadFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = file.OpenRead();
            if (stream.Length > JobLimits.MaxJsonBodyBytes)
            {
                throw new CliUsageException($"--file: '{file.FullName}' has {stream.Length} bytes; a job spec may have at most {JobLimits.MaxJsonBodyBytes}.");
            }

            return await JsonSerializer.DeserializeAsync<JobSpec>(stream, JobHubJson.Options, cancellationToken)
                ?? throw new CliUsageException($"--file: '{file.FullName}' holds null, not a job spec.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--file: cannot read '{file.FullName}': {e.Message}");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"--file: '{file.FullName}' is not a valid job spec: {e.Message}");
        }
    }

    private static async Task<CodeBundleInfo> UploadBundleAsync(JobHubClient client, DirectoryInfo folder, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            throw new CliUsageException($"--bundle '{folder.FullName}' is not a folder.");
        }

        await Console.Error.WriteLineAsync($"packing {folder.FullName}");
        var progress = UploadProgress.ForConsole();
        CodeBundleInfo bundle;
        try
        {
            bundle = await client.UploadBundleAsync(folder.FullName, progress, cancellationToken);
        }
        finally
        {
            progress.Finish();
        }

        await Console.Error.WriteLineAsync($"uploaded {bundle.BundleId}: {bundle.Files} files, {UploadProgress.Size(bundle.SizeBytes)} packed, {UploadProgress.Size(bundle.UnpackedBytes)} unpacked");
        return bundle;
    }

    private static JobSpec ApplyCommand(JobSpec spec, string? command, string? entry, string[] arguments)
    {
        if (entry is not null)
        {
            // The entry script replaces a command from the job file; a --command given as well is sent too, and refused by the server.
            return spec with { EntryScript = entry, Command = command, Arguments = arguments.Length > 0 ? [.. arguments] : spec.Arguments };
        }

        if (command is null && spec.EntryScript is not null && spec.Command is null)
        {
            return arguments.Length > 0 ? spec with { Arguments = [.. arguments] } : spec;
        }

        if (command is not null)
        {
            return spec with { Command = command, Arguments = arguments.Length > 0 ? [.. arguments] : spec.Arguments };
        }

        if (arguments.Length > 0)
        {
            return spec with { Command = arguments[0], Arguments = [.. arguments[1..]] };
        }

        return spec.Command is null && spec.EntryScript is null
            ? throw new CliUsageException("Say what to run: jobhub submit [options] -- command [args...], --command, --bundle folder --entry script, or --file.")
            : spec;
    }

    private static ImmutableDictionary<string, string> MergeEnvironment(ImmutableDictionary<string, string>? fromFile, string[] pairs)
    {
        if (pairs.Length == 0)
        {
            return fromFile!; // a file's "environment": null stays null, and the spec check names it
        }

        var environment = ImmutableDictionary.CreateRange(StringComparer.Ordinal, fromFile ?? ImmutableDictionary<string, string>.Empty);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--env must be KEY=VALUE with a non-empty KEY (was '{OptionValues.Shown(pair)}').");
            }

            environment = environment.SetItem(pair[..equals], pair[(equals + 1)..]);
        }

        return environment;
    }

    /// <summary>The job file's datasets, then each <c>--dataset</c> not named already (a file's <c>"datasets": null</c> stays null when none is given).</summary>
    private static ImmutableArray<string> MergeDatasets(ImmutableArray<string> fromFile, string[] references) =>
        references.Length == 0 ? fromFile : [.. (fromFile.IsDefault ? [] : fromFile).Concat(references).Distinct(StringComparer.Ordinal)];

    private static JobSpec ApplyResources(JobSpec spec, decimal? vcpu, long? memory, int? gpus)
    {
        if (vcpu is null && memory is null && gpus is null)
        {
            return spec;
        }

        var current = spec.ProcessResources;
        var cpus = vcpu ?? current?.Vcpu ?? throw new CliUsageException("--memory and --gpus need --vcpu as well (resources are given per process, all three together).");
        return spec with { ProcessResources = new ProcessResources(cpus, memory ?? current?.MemoryMiB ?? 512, gpus ?? current?.Gpus ?? 0) };
    }

    private static JobSpec ApplyDistribution(JobSpec spec, string? mode, DistributionFlags flags, bool scaler)
    {
        var (nodes, perNode, pool, minWorkers, workerNodeType) = flags;
        var anyDistributed = nodes is not null || perNode is not null || pool is not null || minWorkers is not null || workerNodeType is not null || scaler;
        var jobMode = mode switch
        {
            "single-process" => JobMode.SingleProcess,
            "distributed" => JobMode.Distributed,
            _ => anyDistributed ? JobMode.Distributed : spec.Mode,
        };
        if (jobMode == JobMode.SingleProcess && !anyDistributed)
        {
            return spec with { Mode = jobMode };
        }

        // Kept as asked even when it contradicts the mode: the spec check names what is wrong (exit code 2).
        var distributed = spec.Distributed ?? new DistributedSpec();
        distributed = distributed with
        {
            Nodes = nodes ?? distributed.Nodes,
            ProcessesPerNode = perNode ?? distributed.ProcessesPerNode,
            Pool = pool is null ? distributed.Pool : pool == "elastic" ? WorkerPoolKind.Elastic : WorkerPoolKind.Fixed,
            MinimumWorkers = minWorkers ?? distributed.MinimumWorkers,
            WorkerNodeType = workerNodeType ?? distributed.WorkerNodeType,
        };
        return spec with { Mode = jobMode, Distributed = distributed };
    }

    private static PoolConstraints? Constraints(PoolConstraints? fromFile, int? minVcpu, long? minMemoryMiB, int? minGpus, string[] labels)
    {
        if (minVcpu is null && minMemoryMiB is null && minGpus is null && labels.Length == 0)
        {
            return fromFile;
        }

        var constraints = fromFile ?? new PoolConstraints();
        return constraints with
        {
            MinVcpu = minVcpu ?? constraints.MinVcpu,
            MinMemoryMiB = minMemoryMiB ?? constraints.MinMemoryMiB,
            MinGpus = minGpus ?? constraints.MinGpus,
            Labels = labels.Length > 0 ? [.. labels] : constraints.Labels,
        };
    }

    /// <summary>The distributed flags given on the command line (null: not given).</summary>
    private sealed record DistributionFlags(int? Nodes, int? PerNode, string? Pool, int? MinWorkers, string? WorkerNodeType);
}
