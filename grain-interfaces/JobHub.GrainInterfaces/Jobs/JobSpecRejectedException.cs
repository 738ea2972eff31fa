using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Jobs;

/// <summary>A submitted job spec has problems; nothing was created. <see cref="Errors"/> lists them by field.</summary>
[GenerateSerializer]
[Alias("jobhub.JobSpecRejectedException")]
public sealed class JobSpecRejectedException : JobHubException
{
    /// <summary>Creates the exception from the validator's errors.</summary>
    public JobSpecRejectedException(IReadOnlyDictionary<string, string[]> errors)
        : base("The job spec was refused: " + string.Join("; ", (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors.ToImmutableSortedDictionary(e => e.Key, e => e.Value.ToImmutableArray());
    }

    /// <summary>The problems by field (camelCase path such as <c>distributed.nodes</c>), in field order.</summary>
    [Id(0)]
    public ImmutableSortedDictionary<string, ImmutableArray<string>> Errors { get; }
}
