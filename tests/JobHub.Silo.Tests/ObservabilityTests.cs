using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobHub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JobHub.Silo.Tests;

/// <summary>What an operator watches: Prometheus metrics and Orleans' dashboard on every silo, traces to a collector.</summary>
public sealed class ObservabilityTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task Metrics_ArePrometheusText_WithOrleansAndJobCounters()
    {
        await RunJobAsync(Http, "metered");

        string text = string.Empty;
        await Eventually.WaitUntilAsync(
            async () => (text = await Http.GetStringAsync("/metrics")).Contains("jobhub_jobs_ended_total", StringComparison.Ordinal),
            "the job counters are exported");
        var response = await Http.GetAsync("/metrics");

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Matches(@"jobhub_jobs_submitted_total\{[^}]*\} [1-9]", text);
        Assert.Matches(@"jobhub_jobs_ended_total\{[^}]*state=""completed""[^}]*\} [1-9]", text);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrleansDashboard_IsServed()
    {
        var page = await Http.GetAsync("/dashboard/orleans/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The dashboard gathers its counters in the background: a silo that has just started may not be counted yet.
        await Eventually.WaitUntilAsync(
            async () =>
            {
                var counters = await Http.GetAsync("/dashboard/orleans/DashboardCounters");
                Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
                using var json = JsonDocument.Parse(await counters.Content.ReadAsStringAsync());
                return json.RootElement.GetProperty("totalActiveHostCount").GetInt32() >= 1;
            },
            "the dashboard counts this silo as an active host",
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Traces_GoToTheConfiguredCollector_WithTheGrainCalls()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var data = Directory.CreateTempSubdirectory("jobhub-otlp-").FullName;
        try
        {
            await using var silo = await SiloProcess.StartAsync(data, "--JobHub:Telemetry:OtlpEndpoint", collector.Url);
            await RunJobAsync(silo.Http, "traced");

            // Spans are exported in batches (every 5 s); a REST call's span and the grain calls it made arrive.
            await Eventually.WaitUntilAsync(
                () => collector.Received("/v1/traces", "IJobGrain") && collector.Received("/v1/traces", "POST"),
                "the silo sends the submit's spans (REST request and grain calls) to the collector",
                TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task RunJobAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/v1/jobs", new { name, command = "/bin/true", nodeType = "local", processResources = new { vcpu = 0.1, memoryMiB = 16 } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString();
        await Eventually.WaitUntilAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() == "completed",
            $"job {id} completes");
    }

    /// <summary>A stand-in OpenTelemetry collector on loopback: it keeps the body of every OTLP/HTTP request by path.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _requests;

        private OtlpCollector(WebApplication app, ConcurrentQueue<(string, byte[])> requests, string url)
        {
            _app = app;
            _requests = requests;
            Url = url;
        }

        public string Url { get; }

        public static async Task<OtlpCollector> StartAsync()
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var requests = new ConcurrentQueue<(string, byte[])>();
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                requests.Enqueue((context.Request.Path.Value!, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            return new OtlpCollector(app, requests, $"http://127.0.0.1:{port}");
        }

        /// <summary>True once a request to <paramref name="path"/> carried <paramref name="text"/> (span names are plain UTF-8 in OTLP protobuf).</summary>
        public bool Received(string path, string text)
        {
            var needle = Encoding.UTF8.GetBytes(text);
            return _requests.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
