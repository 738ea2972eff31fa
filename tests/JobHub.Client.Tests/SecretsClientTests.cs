using System.Diagnostics;
using System.Security.Cryptography;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>
/// The secrets of the SDK and of <c>jobhub secrets</c> against a real silo process started with a bootstrap admin token:
/// set (from --value or standard input), list without values, get, delete; bad inputs refused before sending; and
/// <see cref="JobHubClient.GetJobSecretAsync(string, CancellationToken)"/> through the job endpoint or, outside JobHub, the environment.
/// </summary>
public sealed class SecretsClientTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-secrets-client-").FullName;
    private readonly string _admin = "jhp_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    private SiloProcess _silo = null!;

    private Uri Url => new($"http://127.0.0.1:{_silo.Port}");

    [Fact]
    public async Task Sdk_SetListGetDelete_AndRefusesBadInputsBeforeSending()
    {
        using var client = new JobHubClient(Url, _admin);
        var info = await client.SetSecretAsync("user:admin", "sdk-key", "sdk-value");
        Assert.Equal("generated", info.KeyId);
        Assert.Equal("sdk-value", (await client.GetSecretAsync("user:admin", "sdk-key")).Value);
        Assert.DoesNotContain("sdk-value", (await client.GetSecretAsync("user:admin", "sdk-key")).ToString(), StringComparison.Ordinal);
        Assert.Contains(await client.ListSecretsAsync("user:admin"), s => s.Name == "sdk-key");

        var bad = await Assert.ThrowsAsync<JobHubValidationException>(() => client.SetSecretAsync("team:x", "../x", new string('v', 64 * 1024 + 1)));
        Assert.Equal(["name", "namespace", "value"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        var denied = await Assert.ThrowsAsync<JobHubApiException>(() => client.GetSecretAsync("user:someone", "sdk-key"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, denied.StatusCode);

        await client.DeleteSecretAsync("user:admin", "sdk-key");
        Assert.True((await Assert.ThrowsAsync<JobHubApiException>(() => client.GetSecretAsync("user:admin", "sdk-key"))).IsNotFound);
    }

    [Fact]
    public async Task GetJobSecret_ReadsThroughTheJobEndpoint_InsideAJob_AndTheEnvironmentOutside()
    {
        using var client = new JobHubClient(Url, _admin);
        await client.SetSecretAsync("user:admin", "JOB_SECRET", "for-the-job");
        var job = await client.SubmitAsync(SiloFixture.Shell("true"));
        await client.WaitForCompletionAsync(job.JobId);

        // Inside a job (the variables the agent sets; the owner's own token is accepted like the job token).
        var inside = new Dictionary<string, string?>
        {
            [JobHubClient.JobIdVariable] = job.JobId, [JobHubClient.JobTokenVariable] = _admin, [JobHubClient.ApiUrlVariable] = Url.AbsoluteUri,
            ["JOB_SECRET"] = "from-the-environment",
        };
        Assert.Equal("for-the-job", await JobHubClient.GetJobSecretAsync("JOB_SECRET", n => inside.GetValueOrDefault(n), CancellationToken.None));

        // Outside JobHub: the environment variable of that name, or a clear error.
        var outside = new Dictionary<string, string?> { ["JOB_SECRET"] = "from-the-environment" };
        Assert.Equal("from-the-environment", await JobHubClient.GetJobSecretAsync("JOB_SECRET", n => outside.GetValueOrDefault(n), CancellationToken.None));
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => JobHubClient.GetJobSecretAsync("OTHER", n => outside.GetValueOrDefault(n), CancellationToken.None));
        Assert.Contains("OTHER", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_SetFromStdin_ListWithoutValues_Get_Delete()
    {
        var set = await JobHubAsync(["secrets", "set", "user:admin", "cli-key"], input: "from-stdin\n");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("user:admin/cli-key stored", set.Out, StringComparison.Ordinal);

        var list = await JobHubAsync(["secrets", "list", "user:admin"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("cli-key", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("from-stdin", list.Out, StringComparison.Ordinal);

        var get = await JobHubAsync(["secrets", "get", "user:admin", "cli-key"]);
        Assert.Equal("from-stdin\n", get.Out);

        var viaOption = await JobHubAsync(["secrets", "set", "user:admin", "cli-key", "--value", "from-option"]);
        Assert.True(viaOption.ExitCode == 0, viaOption.ToString());
        Assert.Equal("from-option\n", (await JobHubAsync(["secrets", "get", "user:admin", "cli-key"])).Out);

        Assert.Equal(0, (await JobHubAsync(["secrets", "delete", "user:admin", "cli-key"])).ExitCode);
        var gone = await JobHubAsync(["secrets", "get", "user:admin", "cli-key"]);
        Assert.True(gone.ExitCode == 3, gone.ToString());

        var bad = await JobHubAsync(["secrets", "list", "team:x"]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("namespace", bad.Error, StringComparison.Ordinal);
    }

    public async Task InitializeAsync() =>
        _silo = await SiloProcess.StartAsync(_data, "--JobHub:Identity:BootstrapAdminToken", _admin, "--JobHub:LocalNodes:VcpuPerNode", "8");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<CliRun> JobHubAsync(string[] arguments, string? input = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in (string[])[CliRun.Assembly, "--url", Url.AbsoluteUri, "--token", _admin, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start jobhub.");
        await process.StandardInput.WriteAsync(input ?? string.Empty);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }
}
