using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs;
using JobHub.Grains.Tests.Infrastructure;

namespace JobHub.Grains.Tests;

public sealed class BadSpecTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> BadSpecs => new()
    {
        { "empty command", "command" },
        { "zero nodes", "distributed.nodes" },
        { "negative processes per node", "distributed.processesPerNode" },
        { "unknown node type", "nodeType" },
        { "processes that fit on no node", "distributed.processesPerNode" },
        { "reserved variable", "environment.JOBHUB_ROLE" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task Submit_BadSpec_IsRefusedByFieldAndCreatesNothing(string problem, string field)
    {
        var spec = problem switch
        {
            "empty command" => JobsHost.Shell("x") with { Command = " ", Arguments = [] },
            "zero nodes" => Distributed(nodes: 0, perNode: 1),
            "negative processes per node" => Distributed(nodes: 1, perNode: -1),
            "unknown node type" => JobsHost.Shell("x") with { NodeType = "gpu-huge" },
            "processes that fit on no node" => Distributed(nodes: 1, perNode: 8) with { ProcessResources = null },
            "reserved variable" => JobsHost.Shell("x") with { Environment = ImmutableDictionary<string, string>.Empty.Add("JOBHUB_ROLE", "x") },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var jobId = JobsHost.NewJobId();

        var refused = await Assert.ThrowsAsync<JobSpecRejectedException>(() => _host.Job(jobId).Submit(spec, JobsHost.Owner));

        Assert.Contains(field, refused.Errors.Keys);
        await Assert.ThrowsAsync<JobNotFoundException>(() => _host.Job(jobId).Get());
    }

    [Fact]
    public async Task Submit_Twice_IsRefused()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exit 0"));

        await Assert.ThrowsAsync<JobOperationException>(() => _host.Job(jobId).Submit(JobsHost.Shell("exit 0"), JobsHost.Owner));
    }

    private static JobSpec Distributed(int nodes, int perNode) => JobsHost.Shell("x") with
    {
        Mode = JobMode.Distributed,
        Distributed = new DistributedSpec { Nodes = nodes, ProcessesPerNode = perNode },
    };
}
