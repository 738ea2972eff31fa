using JobHub.Runtime;

namespace JobHub.Grains.Jobs;

/// <summary>A submitted job spec has problems; nothing was created. <see cref="Errors"/> lists them by field.</summary>
[PortableException]
public sealed class JobSpecRejectedException : JobHubException
{
    /// <summary>Creates the exception from the validator's errors.</summary>
    public JobSpecRejectedException(IReadOnlyDictionary<string, string[]> errors)
        : base("The job spec was refused: " + string.Join("; ", (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors;
    }

    /// <summary>The problems by field (camelCase path such as <c>distributed.nodes</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
