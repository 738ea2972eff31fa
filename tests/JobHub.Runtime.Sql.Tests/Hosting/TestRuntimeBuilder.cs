using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Sql.Tests.Hosting;

internal sealed class TestRuntimeBuilder(IServiceCollection services) : IJobHubRuntimeBuilder
{
    public IServiceCollection Services { get; } = services;
}
