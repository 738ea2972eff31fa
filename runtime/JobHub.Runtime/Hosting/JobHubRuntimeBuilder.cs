using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Hosting;

internal sealed class JobHubRuntimeBuilder(IServiceCollection services) : IJobHubRuntimeBuilder
{
    public IServiceCollection Services { get; } = services;
}
