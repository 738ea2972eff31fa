using JobHub.Runtime.Cluster;

namespace JobHub.Runtime.Tests.Cluster;

public sealed class ClusterOptionsValidatorTests
{
    [Fact]
    public void BadValues_ReportedByName()
    {
        var result = new ClusterOptionsValidator().Validate(null, new ClusterOptions { AdvertisedHost = " ", SiloPort = 0, ListenPort = 70_000 });

        Assert.True(result.Failed);
        Assert.Contains("AdvertisedHost must name this silo's address", result.FailureMessage);
        Assert.Contains("SiloPort must be a TCP port from 1 to 65535 (was 0)", result.FailureMessage);
        Assert.Contains("ListenPort must be 0", result.FailureMessage);
    }

    [Fact]
    public void Defaults_AreValid() => Assert.True(new ClusterOptionsValidator().Validate(null, new ClusterOptions()).Succeeded);
}
