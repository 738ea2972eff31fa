using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SharedTestSilo = JobHub.Testing.TestSilo;

namespace JobHub.Runtime.Tests.Infrastructure;

/// <summary>Starts the shared test silo with this project's test grains.</summary>
public static class RuntimeTestSilo
{
    public static Task<SharedTestSilo> StartAsync(
        Action<IJobHubRuntimeBuilder>? runtime = null,
        Action<IServiceCollection>? services = null,
        TimeProvider? time = null) =>
        SharedTestSilo.StartAsync(typeof(RuntimeTestSilo).Assembly, runtime, services, time);
}
