using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs;

namespace JobHub.Agent.Tests.Specs;

public sealed class JobSpecValidatorTests
{
    private static readonly NodeTypeSpec Small = new("small", Vcpu: 2, MemoryMiB: 4096, Gpus: 0, PricePerHour: 0.10m);
    private static readonly NodeTypeSpec Gpu = new("gpu", Vcpu: 8, MemoryMiB: 32768, Gpus: 2, PricePerHour: 2.50m);
    private static readonly NodeTypeSpec[] NodeTypes = [Small, Gpu];

    private static readonly JobSpec Good = new()
    {
        Name = "train",
        Command = "julia",
        Arguments = ["main.jl"],
        Environment = ImmutableDictionary<string, string>.Empty.Add("EPOCHS", "3"),
        Mode = JobMode.Distributed,
        Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 2, Pool = WorkerPoolKind.Elastic, MinimumWorkers = 1 },
        NodeType = "small",
        CostLimit = 5m,
    };

    private static JobSpecValidationResult Validate(JobSpec spec) => JobSpecValidator.Validate(spec, NodeTypes);

    private static void AssertOnlyError(JobSpec spec, string field, string fragment)
    {
        var result = Validate(spec);
        Assert.False(result.IsValid);
        Assert.Equal([field], result.Errors.Keys);
        Assert.Contains(result.Errors[field], message => message.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Validate_GoodSpecsPass()
    {
        Assert.True(Validate(Good).IsValid);
        Assert.True(Validate(new JobSpec { Name = "one", Command = "true", NodeType = "small" }).IsValid);
        Assert.True(Validate(new JobSpec { Name = "script", EntryScript = "bin/run.sh", CodeBundleId = "b-1", NodeType = "gpu" }).IsValid);
        Assert.True(Validate(Good with { NodeType = "gpu", Distributed = Good.Distributed! with { ProcessesPerNode = 2 }, ProcessResources = new ProcessResources(4, 16384, 1) }).IsValid);
        Assert.Equal(TimeSpan.FromHours(1), new JobSpec().TimeLimit);
    }

    [Fact]
    public void Validate_EmptyCommandWithoutEntryScriptIsRefused() => AssertOnlyError(Good with { Command = " " }, "command", "give a command");

    [Fact]
    public void Validate_CommandAndEntryScriptTogetherAreRefused()
    {
        var result = Validate(Good with { EntryScript = "run.sh" });

        Assert.Equal(["command", "entryScript"], result.Errors.Keys.Order());
    }

    [Fact]
    public void Validate_EntryScriptOutsideTheBundleIsRefused() => AssertOnlyError(Good with { Command = null, EntryScript = "../run.sh", CodeBundleId = "bundle-1" }, "entryScript", "relative path");

    [Fact]
    public void Validate_EntryScriptWithoutCodeBundleIsRefused() => AssertOnlyError(Good with { Command = null, EntryScript = "run.sh" }, "codeBundleId", "code bundle");

    [Fact]
    public void Validate_CodeBundleIdThatIsNoIdIsRefused() => AssertOnlyError(Good with { CodeBundleId = "../etc" }, "codeBundleId", "not a code bundle id");

    [Theory]
    [InlineData(0, 2, "distributed.nodes")]
    [InlineData(-1, 2, "distributed.nodes")]
    [InlineData(2, 0, "distributed.processesPerNode")]
    [InlineData(2, -3, "distributed.processesPerNode")]
    public void Validate_ZeroOrNegativeCountsAreRefused(int nodes, int processesPerNode, string field)
    {
        var result = Validate(Good with { Distributed = Good.Distributed! with { Nodes = nodes, ProcessesPerNode = processesPerNode, MinimumWorkers = null } });

        Assert.Equal([field], result.Errors.Keys);
        Assert.Contains("must be between 1 and", result.Errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ElasticWorkersOnAnotherNodeTypePass() =>
        Assert.True(Validate(Good with { NodeType = "gpu", Distributed = Good.Distributed! with { WorkerNodeType = "small" } }).IsValid);

    [Fact]
    public void Validate_WorkerNodeTypeOfAFixedPoolIsRefused() =>
        AssertOnlyError(Good with { Distributed = Good.Distributed! with { Pool = WorkerPoolKind.Fixed, WorkerNodeType = "gpu" } }, "distributed.workerNodeType", "only an elastic pool's workers");

    [Fact]
    public void Validate_UnknownOrBlankWorkerNodeTypeIsRefused()
    {
        AssertOnlyError(Good with { Distributed = Good.Distributed! with { WorkerNodeType = "huge" } }, "distributed.workerNodeType", "unknown node type 'huge' (known: gpu, small)");
        AssertOnlyError(Good with { Distributed = Good.Distributed! with { WorkerNodeType = " " } }, "distributed.workerNodeType", "1 to 100 characters");
    }

    [Fact]
    public void Validate_ProcessesThatFitTheMastersNodeTypeButNotTheWorkersAreRefused()
    {
        // 4 processes per node fit a gpu node (8 vCPU), not a small one (2 vCPU).
        AssertOnlyError(Good with { NodeType = "gpu", Distributed = Good.Distributed! with { ProcessesPerNode = 4, WorkerNodeType = "small" } }, "distributed.workerNodeType", "do not fit on a 'small' node");

        var explicitResources = Good with { NodeType = "gpu", Distributed = Good.Distributed! with { WorkerNodeType = "small" }, ProcessResources = new ProcessResources(2, 8192) };
        AssertOnlyError(explicitResources, "processResources", "do not fit on a 'small' node");
    }

    [Fact]
    public void Validate_UnknownNodeTypeIsRefusedNamingTheKnownOnes() => AssertOnlyError(Good with { NodeType = "huge" }, "nodeType", "unknown node type 'huge' (known: gpu, small)");

    [Fact]
    public void Validate_MissingNodeTypeIsRefused() => AssertOnlyError(Good with { NodeType = "" }, "nodeType", "choose a node type");

    [Fact]
    public void Validate_MoreProcessesPerNodeThanVcpusFitOnNoNode() =>
        AssertOnlyError(Good with { Distributed = Good.Distributed! with { ProcessesPerNode = 3 } }, "distributed.processesPerNode", "needs at least 1 vCPU and the node has 2");

    [Fact]
    public void Validate_ExplicitResourcesThatFitOnNoNodeAreRefused()
    {
        var spec = Good with { NodeType = "gpu", Distributed = Good.Distributed! with { ProcessesPerNode = 2 }, ProcessResources = new ProcessResources(2, 20000, 2) };

        var result = Validate(spec);

        var message = Assert.Single(Assert.Single(result.Errors, pair => pair.Key == "processResources").Value);
        Assert.Contains("20000 MiB memory each", message, StringComparison.Ordinal);
        Assert.Contains("2 GPUs each", message, StringComparison.Ordinal);
        Assert.DoesNotContain("vCPU", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HugeExplicitResourcesDoNotOverflow()
    {
        var spec = Good with { ProcessResources = new ProcessResources(decimal.MaxValue, long.MaxValue, int.MaxValue), Distributed = Good.Distributed! with { ProcessesPerNode = int.MaxValue, MinimumWorkers = null } };

        var result = Validate(spec);

        Assert.Contains("processResources.vcpu", result.Errors.Keys);
        Assert.Contains("processResources.memoryMiB", result.Errors.Keys);
        Assert.Contains("processResources.gpus", result.Errors.Keys);
        Assert.Contains("distributed.processesPerNode", result.Errors.Keys);
    }

    [Fact]
    public void Validate_SingleProcessJobNeedingMoreThanANodeIsRefused() =>
        AssertOnlyError(new JobSpec { Name = "one", Command = "true", NodeType = "small", ProcessResources = new ProcessResources(4, 1024) }, "processResources", "4 vCPU each (node has 2)");

    [Fact]
    public void Validate_UnknownPoolKindIsRefused()
    {
        AssertOnlyError(Good with { Distributed = Good.Distributed! with { Pool = (WorkerPoolKind)7 } }, "distributed.pool", "unknown worker pool kind");

        Assert.False(JobSpecValidator.TryParsePoolKind("sometimes", out _, out var error));
        Assert.Contains("'sometimes'", error, StringComparison.Ordinal);
        Assert.True(JobSpecValidator.TryParsePoolKind("Elastic", out var kind, out _));
        Assert.Equal(WorkerPoolKind.Elastic, kind);
    }

    [Fact]
    public void Validate_MinimumWorkersAboveTotalWorkersIsRefused() =>
        AssertOnlyError(Good with { Distributed = Good.Distributed! with { MinimumWorkers = 4 } }, "distributed.minimumWorkers", "more than the job's 3 workers");

    [Fact]
    public void Validate_NegativeMinimumWorkersIsRefused() =>
        AssertOnlyError(Good with { Distributed = Good.Distributed! with { MinimumWorkers = -1 } }, "distributed.minimumWorkers", "must not be negative");

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void Validate_NonPositiveTimeLimitIsRefused(int seconds) =>
        AssertOnlyError(Good with { TimeLimit = TimeSpan.FromSeconds(seconds) }, "timeLimit", "must be more than 0 and at most 30 days");

    [Theory]
    [InlineData("30.00:00:01")]
    [InlineData("9000000.00:00:00")]
    [InlineData("10675199.02:48:05.4775807")]
    public void Validate_TimeLimitOver30DaysIsRefused(string timeLimit) =>
        AssertOnlyError(Good with { TimeLimit = TimeSpan.Parse(timeLimit, System.Globalization.CultureInfo.InvariantCulture) }, "timeLimit", "at most 30 days");

    [Fact]
    public void Validate_NegativeCostLimitIsRefused() => AssertOnlyError(Good with { CostLimit = -0.01m }, "costLimit", "must be between 0 and 1000000 dollars");

    [Fact]
    public void Validate_HugeCostLimitIsRefused() => AssertOnlyError(Good with { CostLimit = decimal.MaxValue }, "costLimit", "must be between 0 and 1000000 dollars");

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("escape \u001b[31mred")]
    [InlineData("nul\0")]
    [InlineData("bidi \u202eevil")]
    [InlineData("tab\there")]
    public void Validate_ControlCharactersInTheNameAreRefused(string name) =>
        AssertOnlyError(Good with { Name = name }, "name", "may not hold control characters");

    [Fact]
    public void Validate_EmojiWithJoinersAreAllowedInNames() => Assert.True(Validate(Good with { Name = "👩‍💻 nightly run" }).IsValid);

    [Fact]
    public void Validate_TooManyArgumentBytesAreRefused() =>
        AssertOnlyError(Good with { Arguments = [new string('a', 70_000), new string('b', 70_000)] }, "arguments", "at most 131072 are allowed");

    [Fact]
    public void Validate_TooManyArgumentsAreRefused() =>
        AssertOnlyError(Good with { Arguments = [.. Enumerable.Repeat("x", 4097)] }, "arguments", "at most 4096 arguments");

    [Fact]
    public void Validate_TooLargeAnEnvironmentIsRefused() =>
        AssertOnlyError(
            Good with { Environment = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("A", new string('a', 70_000)).Add("B", new string('b', 70_000)) },
            "environment",
            "at most 131072 are allowed");

    [Fact]
    public void Validate_AHugeCommandIsRefused() =>
        AssertOnlyError(Good with { Command = new string('c', 5000) }, "command", "at most 4096 characters");

    [Fact]
    public void Validate_TooManyProcessesAreRefused() =>
        AssertOnlyError(
            Good with { Distributed = Good.Distributed! with { Nodes = 1000, ProcessesPerNode = 11, MinimumWorkers = null }, ProcessResources = null, NodeType = "small" },
            "distributed",
            "at most 10000 processes");

    [Fact]
    public void Validate_WithoutNodeTypes_ChecksEverythingElse()
    {
        var result = JobSpecValidator.Validate(Good with { NodeType = "anything", Name = "" }, nodeTypes: null);

        Assert.Equal(["name"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("00:00:00", 0, "more than 0")]
    [InlineData("30.00:00:01", 0, "at most 30 days")]
    [InlineData("20.00:00:00", 11, "would become 31.00:00:00")]
    public void ExtensionProblem_RefusesWhatWouldPassTheLimitWithoutOverflowing(string extension, int currentDays, string expected)
    {
        var problem = JobSpecValidator.ExtensionProblem(TimeSpan.Parse(extension, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromDays(currentDays));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtensionProblem_TheLargestDurationThereIsDoesNotOverflow() =>
        Assert.NotNull(JobSpecValidator.ExtensionProblem(TimeSpan.MaxValue, TimeSpan.FromDays(29)));

    [Fact]
    public void StopReasonProblem_RefusesLongOrControlCharacterReasons()
    {
        Assert.Null(JobSpecValidator.StopReasonProblem("done\nfor today"));
        Assert.Contains("longer than 1000", JobSpecValidator.StopReasonProblem(new string('r', 1001)), StringComparison.Ordinal);
        Assert.Contains("control characters", JobSpecValidator.StopReasonProblem("\u001b[2J"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SingleProcessModeWithDistributedSettingsIsRefused() =>
        AssertOnlyError(Good with { Mode = JobMode.SingleProcess }, "distributed", "single-process job takes no distributed settings");

    [Fact]
    public void Validate_DistributedModeWithoutSettingsIsRefused() =>
        AssertOnlyError(Good with { Distributed = null }, "distributed", "needs its distributed settings");

    [Fact]
    public void Validate_ReservedEnvironmentNamesAreRefused() =>
        AssertOnlyError(Good with { Environment = ImmutableDictionary<string, string>.Empty.Add("JULIAHUB_JOB_ID", "x") }, "environment.JULIAHUB_JOB_ID", "reserved");

    [Fact]
    public void Validate_EmptyNameIsRefused() => AssertOnlyError(Good with { Name = "" }, "name", "needs a name");

    [Fact]
    public void Validate_ReportsAllProblemsAtOnce()
    {
        var spec = new JobSpec
        {
            Name = "bad",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 0, ProcessesPerNode = 1, MinimumWorkers = -2 },
            NodeType = "nope",
            TimeLimit = TimeSpan.Zero,
            CostLimit = -1,
        };

        var result = Validate(spec);

        Assert.Equal(
            ["command", "costLimit", "distributed.minimumWorkers", "distributed.nodes", "nodeType", "timeLimit"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
