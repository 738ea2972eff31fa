using JobHub.Runtime.Networking;

namespace JobHub.Runtime.Tests.Networking;

public sealed class NetworkingOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new NetworkingOptionsValidator().Validate(null, new NetworkingOptions()).Succeeded);
    }

    [Fact]
    public void Validator_ReportsEveryBadValueByName()
    {
        var options = new NetworkingOptions
        {
            ClusterId = " ",
            MaxFramePayloadBytes = 10,
            SendQueueCapacity = 0,
            MaxBatchBytes = 0,
            ConnectTimeout = TimeSpan.Zero,
            ReconnectInitialBackoff = TimeSpan.FromSeconds(10),
            ReconnectMaxBackoff = TimeSpan.FromSeconds(1),
            DeadlineCheckPeriod = TimeSpan.FromSeconds(-1),
        };

        var result = new NetworkingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var name in new[] { "ClusterId", "MaxFramePayloadBytes", "SendQueueCapacity", "MaxBatchBytes", "ConnectTimeout", "ReconnectMaxBackoff", "DeadlineCheckPeriod" })
        {
            Assert.Contains(name, result.FailureMessage);
        }
    }

    [Fact]
    public void Backoff_DoublesUpToTheCap_AndResetsAfterSuccess()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(700));

        var delays = Enumerable.Range(0, 5).Select(_ => backoff.NextDelay().TotalMilliseconds).ToList();
        backoff.Reset();

        Assert.Equal(new double[] { 100, 200, 400, 700, 700 }, delays);
        Assert.Equal(100, backoff.NextDelay().TotalMilliseconds);
    }
}
