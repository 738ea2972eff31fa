using JobHub.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Scheduling.Pools;

/// <summary>
/// Checks pools of the <c>local</c> provider against this host's nodes: each such pool's <c>MaxNodes</c> must not exceed
/// <c>JobHub:LocalNodes:NodeCount</c> (the provider hands out those nodes and no more).
/// </summary>
public sealed class LocalPoolsValidator(IOptions<LocalNodesOptions> local) : IValidateOptions<NodePoolsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NodePoolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(local);
        var nodeCount = local.Value.NodeCount;
        var failures = options.Pools
            .Where(p => p.Value is { Provider: "local" } pool && pool.MaxNodes > nodeCount)
            .Select(p => $"{nameof(NodePoolsOptions)}.Pools[{p.Key}].MaxNodes must be at most JobHub:LocalNodes:NodeCount ({nodeCount}) for the local provider (was {p.Value.MaxNodes}).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
