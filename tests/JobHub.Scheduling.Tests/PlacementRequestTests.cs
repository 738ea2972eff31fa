using JobHub.Contracts.Jobs;
using JobHub.Grains.Scheduling.Requests;

namespace JobHub.Scheduling.Tests;

public sealed class PlacementRequestTests
{
    private static readonly NodeTypeSpec Node = new("cpu", 8, 32_768, 0, 1m);

    [Fact]
    public void FromJobSpec_FixedPool_GangIsMasterPlusMinimumWorkers_AllCritical()
    {
        var spec = new JobSpec
        {
            Name = "mpi",
            Command = "true",
            NodeType = "cpu",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 4, Pool = WorkerPoolKind.Fixed, MinimumWorkers = 3 },
        };

        var request = PlacementRequest.FromJobSpec("j1", spec, Node, "alice", ["lab"], priority: 5);

        Assert.Equal(8, request.Processes.Length);
        Assert.Equal(4, request.GangSize);
        Assert.True(request.FixedPool);
        Assert.All(request.Processes, p => Assert.True(p.Critical));
        Assert.Equal(WorkerRole.Master, request.Processes[0].Role);
        Assert.Equal(2000, request.Processes[1].Resources.MilliVcpu); // a quarter of an 8-vCPU node
        Assert.Equal("cpu", request.Selector.Pool);
        Assert.Equal(5, request.Priority);
    }

    [Fact]
    public void FromJobSpec_ElasticPool_OnlyTheMasterIsCriticalAndStartsAlone()
    {
        var spec = new JobSpec
        {
            Name = "sweep",
            Command = "true",
            NodeType = "cpu",
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 1, ProcessesPerNode = 5, Pool = WorkerPoolKind.Elastic },
            ProcessResources = new ProcessResources(0.5m, 512),
        };

        var request = PlacementRequest.FromJobSpec("j2", spec, Node, "bob", []);

        Assert.Equal(1, request.GangSize);
        Assert.False(request.FixedPool);
        Assert.Equal([true, false, false, false, false], request.Processes.Select(p => p.Critical));
        Assert.Equal(500, request.Processes[4].Resources.MilliVcpu);
        Assert.Equal(512, request.Processes[4].Resources.MemoryMiB);
    }
}
