using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using JobHub.Contracts.Cluster;
using JobHub.Contracts.Datasets;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Billing;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Billing;
using JobHub.Grains.Autoscaling.Processes;
using JobHub.Grains.Billing;
using JobHub.GrainInterfaces;
using JobHub.GrainInterfaces.Datasets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Datasets;
using JobHub.Grains.Identity;
using JobHub.Grains.Jobs;
using JobHub.Grains.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Serialization;

namespace JobHub.Grains.Tests;

/// <summary>
/// Every type that crosses a grain boundary or is stored as grain state goes through Orleans' serializer and copier
/// unchanged: a sample of each, with every member set, is written and read back. A new [GenerateSerializer] type
/// without a sample here fails the test, so none is forgotten.
/// </summary>
public sealed class SerializationRoundTripTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 12, 2, 10, 30, 15, 123, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false, WriteIndented = false };
    private readonly ServiceProvider _services;
    private readonly Serializer _serializer;
    private readonly DeepCopier _copier;

    public SerializationRoundTripTests()
    {
        _services = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(JobSpec).Assembly).AddAssembly(typeof(IJobGrain).Assembly).AddAssembly(typeof(JobGrainState).Assembly))
            .BuildServiceProvider();
        _serializer = _services.GetRequiredService<Serializer>();
        _copier = _services.GetRequiredService<DeepCopier>();
    }

    public static TheoryData<string> SampleNames => [.. Samples().Keys];

    public void Dispose() => _services.Dispose();

    [Fact]
    public void EverySerializableType_HasASample()
    {
        var serializable = new[] { typeof(JobSpec).Assembly, typeof(IJobGrain).Assembly, typeof(JobGrainState).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) && !t.IsAbstract)
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(serializable.Except(Samples().Keys, StringComparer.Ordinal));
    }

    [Fact]
    public void EverySerializableType_HasAPinnedAlias()
    {
        var unaliased = new[] { typeof(JobSpec).Assembly, typeof(IJobGrain).Assembly, typeof(JobGrainState).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsDefined(typeof(GenerateSerializerAttribute), inherit: false) || (t.IsInterface && typeof(IGrain).IsAssignableFrom(t)))
            .Where(t => !t.GetCustomAttributes<AliasAttribute>().Any(alias => alias.Alias.StartsWith("jobhub.", StringComparison.Ordinal)))
            .Select(t => t.FullName);

        Assert.Empty(unaliased);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Sample_SurvivesSerializerAndCopier(string name)
    {
        var sample = Samples()[name];
        var type = sample.GetType();

        var read = _serializer.Deserialize<object>(_serializer.SerializeToArray<object>(sample));
        var copy = _copier.Copy<object>(sample);

        Assert.IsType(type, read);
        Assert.IsType(type, copy);
        Assert.Equal(Describe(sample), Describe(read));
        Assert.Equal(Describe(sample), Describe(copy));
    }

    /// <summary>JSON of every public property (values, not references), plus an exception's message.</summary>
    private static string Describe(object value) =>
        value is Exception exception
            ? $"{exception.GetType().Name}|{exception.Message}|" + JsonSerializer.Serialize(
                exception.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).ToDictionary(p => p.Name, p => p.GetValue(exception)),
                Json)
            : JsonSerializer.Serialize(value, value.GetType(), Json);

    private static Dictionary<string, object> Samples()
    {
        var resources = new ProcessResources(1.5m, 2048, 1);
        var distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 3, Pool = WorkerPoolKind.Elastic, MinimumWorkers = 4, WorkerNodeType = "spot" };
        var spec = new JobSpec
        {
            Name = "train",
            Command = "/usr/bin/python3",
            Arguments = ["train.py", "--epochs", "3"],
            EntryScript = null,
            CodeBundleId = "bundle-0123456789abcdef",
            Environment = ImmutableDictionary<string, string>.Empty.Add("SEED", "42").Add("MODE", "fast"),
            Mode = JobMode.Distributed,
            Distributed = distributed,
            NodeType = "local",
            ProcessResources = resources,
            TimeLimit = TimeSpan.FromMinutes(90),
            CostLimit = 12.5m,
        };
        var transition = new JobTransition(JobState.Running, Time, "master running on local-1");
        var decision = new ScalingDecision { Metric = "queue_length", Value = 100, Average = 87.5, Window = TimeSpan.FromSeconds(30), WorkersBefore = 1, WorkersAfter = 5 };
        var scaled = new JobTransition(JobState.Running, Time, "scaler: 1 -> 5 workers") { Scaling = decision };
        var file = new JobResultFile("out/model.bin", 1234, new string('a', 64));
        var results = new JobResults(true, "jobs/job-1/results", [file], 1234, null);
        var summary = new JobResultsSummary("{\"loss\":0.1}", Truncated: false, InvalidJson: false);
        var worker = new WorkerInfo
        {
            JobId = "job-1", Index = 2, Status = WorkerStatus.Running, Reason = "running on local-1", NodeId = "local-1",
            Pid = 4321, ExitCode = 3, Restarts = 1, StartedAt = Time, Since = Time.AddSeconds(1), Version = 7, Idle = true,
        };
        var info = new JobInfo
        {
            JobId = "job-1", Owner = "alice", Spec = spec, State = JobState.Completed, Reason = "master exited with code 0",
            SubmittedAt = Time, StartedAt = Time.AddSeconds(1), EndedAt = Time.AddMinutes(2), TimeLimit = TimeSpan.FromHours(2),
            Deadline = Time.AddHours(2), ExitCode = 0, Summary = summary, Results = results, History = [transition],
            Cost = 2.325m, CostFinal = true, BilledSeconds = 930, PricePerHour = 9m, Currency = "USD",
        };
        var meter = new JobMeterState
        {
            StartedAt = Time, PricePerHour = 9m, LastSequence = 4, ChargedSeconds = 930, ChargedAmount = 2.325m, ChargedUntil = Time.AddSeconds(930), WorkerProcessPricePerHour = 0.5m,
            EndedAt = Time.AddSeconds(930), Closed = true, Settled = true, UsageSeconds = 930,
        };
        var jobSummary = new JobSummary("job-1", "train", "alice", JobState.Running, "running", Time, Time, null);
        var launch = new WorkerLaunch
        {
            JobId = "job-1", Index = 1, NodeId = "local-1", Command = "run.sh", CommandIsEntryScript = true, CodeBundleId = "bundle-0123456789abcdef",
            Arguments = ["a", "b"], Environment = ImmutableDictionary<string, string>.Empty.Add("K", "V"), WorkerCount = 5, Elastic = true,
            MinWorkersRequired = 2, ClusterCookie = "cookie", JobToken = "token",
        };
        var capacity = new NodeCapacity(3.5m, 4096, 1);
        var process = new NodeProcessInfo("job-1", 1, 2, 999, Time);
        var placement = new ProcessPlacement(1, "local-1");
        var reservation = new PoolReservation("job-1", 1, "local-1", resources);
        var nodeRecord = new PoolNodeRecord("cpu-1", false, Time, Time.AddSeconds(5));
        var poolPlacement = new PoolPlacement("cpu-1", [0, 1]);
        var jobRecord = new PoolJobRecord("job-1", "alice", ["site/physics"], 5, 4, resources, 4, true, [2, 3], false, [1]) { WorkersOnly = true, Placed = [poolPlacement] };
        var poolStatus = new PoolStatusInfo("cpu", "local", 1, 1, 0, 4, 2m, 6m, 1024, 7168, 0, 0, 1.5m);
        var nodeStatus = new NodeStatusInfo("cpu-1", "cpu", "ready", 2, 1, 75, 87.5, 0);
        var pendingJob = new PendingJobInfo("job-4", "cpu", 3, "waiting-for-free-nodes", "waiting for free nodes: scale-up", Time, "alice");
        var poolEvent = new PoolEventInfo(Time, "cpu", "scale-up", 2, ["cpu-1", "cpu-2"], "3 pending process(es)", 3m);
        var nodeLoss = new NodeLoss("cpu-2", "node cpu-2 was interrupted (spot capacity reclaimed)", [2, 3]) { Pool = "cpu", At = Time };
        var jobState = new JobGrainState
        {
            Owner = "alice", Spec = spec, State = JobState.Running, Reason = "running", SubmittedAt = Time, PlacedAt = Time, StartedAt = Time,
            EndedAt = Time, TimeLimit = TimeSpan.FromHours(1), ExitCode = 1, Summary = summary, Results = results, ResultsCollected = true,
            History = [transition, scaled], Workers = { [0] = worker }, Placements = { [0] = "local-1" }, ReleasedIndexes = { 3 }, MasterStarted = true,
            Released = true, ReminderRegistered = true, ClusterCookie = "cookie", JobToken = "token", Meter = meter, Accounts = ["user:alice", "group:site/physics"],
            ScaledWorkers = 5, ScaledDown = { 4, 5 }, Generations = { [2] = 3 }, NodeLosses = [nodeLoss],
        };
        var workerState = new WorkerGrainState
        {
            Launch = launch, Status = WorkerStatus.Lost, Reason = "lost", Pid = 5, ExitCode = 137, Restarts = 2, Attempt = 3, StartedAt = Time,
            Since = Time, Version = 9, StopRequested = true, StartInDoubt = true, Generation = 2, LostWithNode = "cpu-2", IdleRunStartedAt = Time,
        };
        object[] samples =
        [
            spec, distributed, info, JobMode.Distributed, new JobPage([jobSummary], "cursor"), new JobQuery("alice", JobState.Queued, 20, "c"),
            file, results, summary, JobState.TimedOut, jobSummary, scaled, decision,
            new JobScalerState { Workers = 5, LastChange = Time }, new NodeTypeSpec("local", 4, 8192, 1, 0.25m), resources, worker,
            WorkerPoolKind.Elastic, WorkerRole.Worker, WorkerStatus.Failed, new CodeBundleInfo("bundle-0123456789abcdef", 10, 2, 20, Time),
            launch, new NodeAllocation("local-1", capacity, capacity with { Vcpu = 1 }, 2), capacity, new NodeInfo("local-1", "local", [process]),
            new NodePoolInfo(new NodeTypeSpec("local", 4, 8192, 0, 0m), [new NodeAllocation("local-1", capacity, capacity, 0)], ["job-2"]),
            process, new ProcessExit("job-1", 1, 2, 137, false, "node cpu-2 was interrupted (spot capacity reclaimed)", NodeLost: true), placement, new ProcessStartRequest(launch, 4),
            new ProcessStartResult(null, "node cpu-2 was interrupted (spot capacity reclaimed)", NodeLost: true),
            new ReservationResult([placement], "waiting for free nodes"),
            new ClusterNodeCount(3, 1000),
            new JobNotFoundException("job-404"), new JobOperationException("Job 'job-1' has ended."),
            new JobAccessDeniedException("job-1", "mallory", "stop"), new JobRequestRejectedException("duration", "at most 30 days"),
            new JobSpecRejectedException(new Dictionary<string, string[]> { ["name"] = ["too long"], ["distributed.nodes"] = ["at least 1", "at most 100"] }),
            jobState, meter, workerState, new AccountQuota("user:alice", 100m, "2026-12", 12.5m, 2m, "USD"),
            new QuotaExceededException("group:site/physics", 100m, 97.5m, 2m, 3m, "USD"),
            new AccountGrainState { MonthlyLimit = 100m, Month = "2026-12", Spent = 12.5m, Reservations = { ["job-1"] = 2m }, SettledJobs = ["job-0"], RecountFromLedgerAfter = Time },
            new QuotaDirectoryState { Accounts = { "user:alice", "group:jobhub/users" } },
            new ClusterNodeCapState { Nodes = { ["cpu"] = 3 } },
            new FairShareState { Pools = { ["cpu"] = [new ShareUsage("alice", false, 12.5, 4000, Time)] } },
            new ShareUsage("lab", true, 3.25, 0, Time),
            new NodePoolState { Reservations = [reservation], WaitingJobs = ["job-3"], Nodes = [nodeRecord], Jobs = [jobRecord], Events = [poolEvent], LossNotices = [new PoolLossNotice("job-2", nodeLoss)] },
            new PoolLossNotice("job-2", nodeLoss), reservation,
            nodeRecord, jobRecord, poolPlacement, poolEvent, new ReservationRequest("job-1", [1, 2], resources, 0) { Owner = "alice", Groups = ["site/physics"], Priority = 5, FixedPool = true, ProcessCount = 3, WorkersOnly = true },
            new ClusterStatusInfo(Time, [poolStatus], [nodeStatus], ImmutableDictionary<string, int>.Empty.Add("waiting-for-free-nodes", 3), [pendingJob]),
            nodeLoss, poolStatus, nodeStatus, pendingJob, new PoolConstraints { MinVcpu = 4, MinMemoryMiB = 8192, MinGpus = 1, Labels = ["spot"] },
        ];
        return samples.Concat(IdentitySamples()).Concat(DatasetSamples()).Concat(Secrets.ProjectAndSecretSamples.All(Time)).Concat(Metrics.MetricSamples.All(Time)).ToDictionary(s => s.GetType().Name, StringComparer.Ordinal);
    }

    private static object[] DatasetSamples()
    {
        var dataset = new DatasetInfo("alice", "table.csv", 1234, new string('a', 64), Time, Time.AddHours(1), DatasetVisibility.Public);
        return
        [
            dataset, DatasetVisibility.Private, new DatasetPage([dataset], "alice/table.csv"), new DatasetUsage("alice", 1, 1234, 1 << 30, 1 << 20),
            new DatasetAllowance(100, 200, 300, 400, 50), new DatasetUpload("table.csv", new string('0', 32), new string('b', 64), 10, DatasetVisibility.Public),
            new DatasetCommitResult(dataset, true), new DatasetPin("alice", "table.csv", new string('c', 64), 1234),
            new DatasetNotFoundException("bob/secret", "datasets"), new DatasetAccessDeniedException("alice/table.csv", "bob", "delete"),
            new DatasetQuotaExceededException("Dataset refused: it is 10 bytes; your quota is 5 bytes."),
            new DatasetOwnerState
            {
                Datasets = { ["table.csv"] = dataset, ["model.bin"] = dataset with { Name = "model.bin", Visibility = DatasetVisibility.Project, Project = "ml" } },
                ProjectCreatedAt = { ["model.bin"] = Time },
            }, new DatasetDirectoryState { Keys = ["alice/table.csv"] },
        ];
    }

    private static object[] IdentitySamples()
    {
        var physics = GroupRef.Site("physics");
        var user = new UserInfo
        {
            Name = "alice", Status = UserStatus.Disabled, Email = "alice@example.com", Groups = [BuiltInGroups.Users, physics], Features = ["gpu-jobs"],
            CreatedAt = Time, StatusChangedAt = Time.AddHours(1), InvitedBy = "admin", BuiltIn = true,
        };
        var tokenInfo = new ApiTokenInfo
        {
            TokenId = new string('a', 64), Owner = "alice", Name = "laptop", Status = ApiTokenStatus.Expired, CreatedAt = Time, LastUsedAt = Time.AddMinutes(1),
            ExpiresAt = Time.AddDays(1),
        };
        var issuedToken = new IssuedApiToken("jhp_" + new string('t', 43), tokenInfo);
        var invitation = new InvitationInfo
        {
            InvitationId = new string('b', 64), UserName = "bob", Email = "bob@example.com", InvitedBy = "admin", CreatedAt = Time, ExpiresAt = Time.AddDays(7),
            RedeemedAt = Time.AddDays(1),
        };
        var summary = new UserSummary { Name = "alice", Status = UserStatus.Regular, Email = "alice@example.com", Groups = [physics], CreatedAt = Time };
        return
        [
            UserStatus.Staged, physics, user, summary,
            new UserAccess { Name = "alice", Status = UserStatus.Regular, Groups = [physics], Features = ["distributed-jobs", "gpu-jobs"] },
            new GroupInfo { Group = physics, BuiltIn = false, Features = ["gpu-jobs"], FirstUsedAt = Time },
            tokenInfo, ApiTokenStatus.Revoked, issuedToken,
            new InvitationRequest { Email = "bob@example.com", UserName = "bob", Groups = [physics], Features = ["gpu-jobs"] },
            new IssuedInvitation { Code = "jhi_" + new string('c', 43), Info = invitation }, new RedeemedInvitation(user, issuedToken), invitation,
            new ApiTokenCheck(ApiTokenCheckResult.Valid, "alice", Time), ApiTokenCheckResult.UserDisabled, new ApiTokenRegistration("alice", "laptop", true),
            new InvitationRegistration("bob", "bob@example.com", "admin", Time), BootstrapTokenKind.FirstStart,
            new FederatedLogin(FederatedLoginOutcome.Promoted, new UserAccess { Name = "alice", Status = UserStatus.Regular, Groups = [physics], Features = ["gpu-jobs"] }, ["site/physics"], ["site/optics"]),
            FederatedLoginOutcome.Disabled,
            new StagedUserSpec { Email = "bob@example.com", InvitationId = new string('b', 64), Groups = [physics], Features = ["gpu-jobs"] },
            new IdentityAccessDeniedException("carol", "add 'bob' to jobhub/admins", "only admins add or remove members of jobhub/admins"),
            new IdentityInputRejectedException("userName", "a user name must not be empty"), new UserNotFoundException("zed"),
            new IdentityConflictException("Every regular user is in jobhub/users and can never be removed from it."),
            new InvitationRefusedException("it was redeemed already"), new ApiTokenNotFoundException("alice", new string('d', 64)),
            new UserGrainState
            {
                Status = UserStatus.Regular, Email = "alice@example.com", Groups = ["jobhub/users", "site/physics"], Features = ["gpu-jobs"], CreatedAt = Time,
                StatusChangedAt = Time, InvitedBy = "admin", InvitationId = new string('b', 64),
                Tokens = { [new string('a', 64)] = new UserTokenEntry { Name = "laptop", CreatedAt = Time } }, ConfiguredTokenId = new string('e', 64),
                FirstStartTokenId = new string('f', 64), BuiltIn = true,
            },
            new UserTokenEntry { Name = "ci", CreatedAt = Time },
            new GroupGrainState { Features = ["gpu-jobs"], FirstUsedAt = Time },
            new ApiTokenGrainState
            {
                Owner = "alice", Name = "laptop", CreatedAt = Time, LastUsedAt = Time, ExpiresAt = Time.AddDays(1), NeverExpires = true, RevokedAt = Time,
                RevokedBy = "admin",
            },
            new InvitationGrainState { UserName = "bob", Email = "bob@example.com", InvitedBy = "admin", CreatedAt = Time, ExpiresAt = Time, RedeemedAt = Time },
            new UserDirectoryState { Users = { ["alice"] = summary } },
        ];
    }
}
