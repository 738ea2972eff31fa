using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Hosting;

/// <summary>
/// What <c>AddJobHubRuntime</c> hands to its configure callback: features are <c>AddX</c> and providers
/// <c>UseX</c> extension methods on this builder, each safe to call twice.
/// </summary>
public interface IJobHubRuntimeBuilder
{
    IServiceCollection Services { get; }
}
