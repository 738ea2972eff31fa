using Orleans;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>A request to a job (other than its spec) has a value the job refuses; nothing was changed. <see cref="Field"/> names it.</summary>
[GenerateSerializer]
[Alias("jobhub.JobRequestRejectedException")]
public sealed class JobRequestRejectedException : JobHubException
{
    /// <summary>Refuses the value of <paramref name="field"/> for <paramref name="problem"/> (plain words, shown to the caller).</summary>
    public JobRequestRejectedException(string field, string problem)
        : base(problem)
    {
        Field = field;
    }

    /// <summary>The request field (camelCase, as in the JSON body or query) the problem is about.</summary>
    [Id(0)]
    public string Field { get; }
}
