using System.Net;
using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

public sealed class SiloEndToEndTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-e2e-").FullName;

    [Fact]
    public async Task Silo_AnswersHealthAndCluster_StopsCleanlyOnSigterm_AndKeepsItsState()
    {
        string firstAddress;
        await using (var silo = await SiloProcess.StartAsync(_data))
        {
            var health = await silo.Http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

            var cluster = await silo.GetClusterAsync();
            var self = cluster.GetProperty("silo");
            firstAddress = self.GetProperty("address").GetString()!;
            Assert.StartsWith("S127.0.0.1:", firstAddress);
            Assert.Equal(firstAddress, self.GetProperty("id").GetString());
            Assert.Equal("active", self.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(self.GetProperty("version").GetString()));
            var member = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
            Assert.Equal(firstAddress, member.GetProperty("address").GetString());
            Assert.Equal("active", member.GetProperty("status").GetString());
            Assert.True(member.GetProperty("startTime").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
            Assert.Equal(1, cluster.GetProperty("activationsByType").GetProperty("silohistory").GetInt64());
            var incarnation = Assert.Single(cluster.GetProperty("incarnations").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, incarnation.GetProperty("stoppedAt").ValueKind);

            silo.Process.Signal(ProcessSignals.SigTerm);
            var started = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(0, await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
            Assert.Contains("Orleans Silo stopped.", silo.Process.Output);
        }

        Assert.True(File.Exists(Path.Combine(_data, "jobhub.db")));

        // The grain state written during the graceful stop is there for the next run.
        await using var again = await SiloProcess.StartAsync(_data);
        var history = (await again.GetClusterAsync()).GetProperty("incarnations").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal(firstAddress, history[0].GetProperty("address").GetString());
        Assert.True(history[0].GetProperty("stoppedCleanly").GetBoolean());
        Assert.False(history[1].GetProperty("stoppedCleanly").GetBoolean());
        again.Process.Signal(ProcessSignals.SigTerm);
        Assert.Equal(0, await again.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Silo_WithBadConfiguration_RefusesToStartNamingEachSetting()
    {
        var port = FreePort.Next();
        await using var process = ExternalProcess.Start(
            "dotnet",
            [RepositoryPaths.BuiltAssembly("silo", "JobHub.Silo"), "--urls", $"http://127.0.0.1:{port}", "--JobHub:Silo:DataDirectory", _data,
             "--JobHub:Silo:ShutdownTimeout", "-00:00:01", "--JobHub:Runtime:ResponseTimeout", "00:00:00",
             "--JobHub:Silo:Storage", "mongo", "--JobHub:Cluster:SiloPort", "70000", "--JobHub:Jobs:MaxWorkerRestarts", "-1"],
            Path.Combine(RepositoryPaths.Root, "silo"));

        Assert.NotEqual(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("ShutdownTimeout must be positive", process.Output);
        Assert.Contains("JobHub:Runtime:ResponseTimeout must be between", process.Output);
        Assert.Contains("Storage must be \"sqlite\" or \"postgres\" (was 'mongo')", process.Output);
        Assert.Contains("JobHub:Cluster:SiloPort must be a TCP port", process.Output);
        Assert.Contains("JobsOptions.MaxWorkerRestarts must be between 0 and 1000", process.Output);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
