using JobHub.Agent.Hosting;
using JobHub.Agent.Processes;
using JobHub.Agent.Results;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Hosting;

public sealed class LocalNodeAgentOptionsValidatorTests
{
    [Fact]
    public void Validate_DefaultsAreValid()
    {
        var options = new LocalNodeAgentOptions();

        Assert.True(new LocalNodeAgentOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StopGracePeriod);
        Assert.Equal(5L * 1024 * 1024 * 1024, options.ResultsUploadLimitBytes);
    }

    [Fact]
    public void Validate_ReportsEveryBadValueByPropertyName()
    {
        var options = new LocalNodeAgentOptions
        {
            WorkRoot = " ",
            BlobRoot = string.Empty,
            StopGracePeriod = TimeSpan.FromSeconds(-1),
            ResultsUploadLimitBytes = 0,
            CodeBundleLimitBytes = -5,
            MaxLogLineLength = 10,
            OutputDrainTimeout = TimeSpan.FromHours(1),
        };
        options.PassThroughEnvironmentVariables.Add("");

        var result = new LocalNodeAgentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(8, failures.Count);
        foreach (var property in new[]
                 {
                     nameof(options.WorkRoot), nameof(options.BlobRoot), nameof(options.StopGracePeriod), nameof(options.ResultsUploadLimitBytes),
                     nameof(options.CodeBundleLimitBytes), nameof(options.MaxLogLineLength), nameof(options.OutputDrainTimeout), nameof(options.PassThroughEnvironmentVariables),
                 })
        {
            Assert.Contains(failures, failure => failure.StartsWith($"LocalNodeAgentOptions.{property} ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AddLocalNodeAgent_RegistersServicesAndRejectsBadOptionsOnResolve()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLocalNodeAgent(options => options.BlobRoot = Path.Combine(Path.GetTempPath(), "jobhub-agent-tests", "di-blobs"));
        services.AddLocalNodeAgent();
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<ProcessLauncher>());
        Assert.IsType<FileSystemBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.Single(provider.GetServices<IValidateOptions<LocalNodeAgentOptions>>());

        var bad = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        bad.AddLocalNodeAgent(options => options.StopGracePeriod = TimeSpan.FromHours(1));
        using var badProvider = bad.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<LocalNodeAgentOptions>>().Value);
        Assert.Contains("StopGracePeriod", error.Message, StringComparison.Ordinal);
        Assert.NotNull(badProvider.GetRequiredService<ILoggerFactory>());
    }
}
