using System.Collections.Immutable;
using System.Text.Json;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs;

namespace JobHub.Agent.Tests.Specs;

public sealed class JobSpecJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void JobSpec_RoundTripsThroughJsonWithEnumsAsStrings()
    {
        var spec = new JobSpec
        {
            Name = "train",
            Command = "julia",
            Arguments = ["a", "b"],
            Environment = ImmutableDictionary<string, string>.Empty.Add("K", "v"),
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 4, Pool = WorkerPoolKind.Elastic },
            NodeType = "small",
            TimeLimit = TimeSpan.FromMinutes(30),
            CostLimit = 1.5m,
        };

        var json = JsonSerializer.Serialize(spec, Web);
        var back = JsonSerializer.Deserialize<JobSpec>(json, Web)!;

        Assert.Contains("\"mode\":\"distributed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"pool\":\"elastic\"", json, StringComparison.Ordinal);
        Assert.Equal<string>(spec.Arguments, back.Arguments);
        Assert.Equal<KeyValuePair<string, string>>(spec.Environment, back.Environment);
        Assert.Equal(spec.Distributed, back.Distributed);
        Assert.Equal(spec.TimeLimit, back.TimeLimit);
        Assert.Equal(JobMode.SingleProcess, JsonSerializer.Deserialize<JobSpec>("""{"mode":"single-process"}""", Web)!.Mode);
    }

    [Fact]
    public void JobSpec_JsonNullEnvironmentIsReportedNotThrown()
    {
        var spec = JsonSerializer.Deserialize<JobSpec>("""{"name":"n","command":"true","nodeType":"small","environment":null}""", Web)!;

        var result = JobSpecValidator.Validate(spec, [new NodeTypeSpec("small", 2, 4096, 0, 0.1m)]);

        Assert.Equal(["environment"], result.Errors.Keys);
    }

    [Fact]
    public void JobSpec_JsonNullArguments_IsAJsonErrorAtThatPath()
    {
        // The API turns this into a 400 naming the field (silo/Api/JobExceptionHandler).
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JobSpec>("""{"name":"n","command":"true","arguments":null}""", Web));

        Assert.Equal("$.arguments", error.Path);
    }
}
