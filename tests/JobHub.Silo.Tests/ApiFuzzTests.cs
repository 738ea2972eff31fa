using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobHub.Testing;
using Xunit.Abstractions;

namespace JobHub.Silo.Tests;

/// <summary>
/// Walks the API's own OpenAPI document and sends every operation malformed values of every kind: wrong types, out
/// of range, huge, control characters, missing and extra fields, broken JSON. Not one may answer 5xx; every 4xx is
/// problem details saying what was wrong; no job and no file is created, the running job is left as it was, and
/// the silo stays healthy.
/// </summary>
public sealed class ApiFuzzTests(SiloFixture fixture, ITestOutputHelper output) : IClassFixture<SiloFixture>
{
    private const string Huge = "huge";
    private const string KestrelRefuses = " (refused by Kestrel)";
    private static readonly string ControlText = "a\u001b[31mb\u0000c\n";
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task EveryOperation_RefusesMalformedValues_With4xxProblemDetails_AndChangesNothing()
    {
        var nodeType = (await Http.GetFromJsonAsync<JsonElement>("/api/v1/node-types"))[0].GetProperty("name").GetString()!;
        var running = await SubmitRunningJobAsync(nodeType);
        var before = await SnapshotAsync(running);
        var document = JsonNode.Parse(await Http.GetStringAsync("/openapi/v1.json"))!;

        var requests = Requests(document, running, nodeType).ToList();
        var failures = new List<string>();
        foreach (var request in requests)
        {
            if (await CheckAsync(request) is { } failure)
            {
                failures.Add(failure);
            }
        }

        output.WriteLine($"{requests.Count} malformed requests over {document["paths"]!.AsObject().Count(p => p.Key.StartsWith("/api/", StringComparison.Ordinal))} API paths");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.True(requests.Count > 200, $"only {requests.Count} requests were generated");

        var after = await SnapshotAsync(running);
        Assert.Equal(before, after);

        // Neither the refused submissions nor the lookups of ids that name nothing leave job grains behind.
        await Eventually.WaitUntilAsync(async () => await JobActivationsAsync() <= 3, "the job grains of refused requests are deactivated", TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task EveryOperation_DeclaresItsErrorAnswers_AsProblemDetails()
    {
        var document = JsonNode.Parse(await Http.GetStringAsync("/openapi/v1.json"))!;
        var missing = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var errors = operation!["responses"]!.AsObject()
                    .Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5'))
                    .Where(r => r.Value?["content"]?["application/problem+json"]?["schema"] is not null)
                    .Select(r => r.Key)
                    .ToHashSet(StringComparer.Ordinal);
                var expected = path.Contains('{', StringComparison.Ordinal) ? new[] { "400", "404", "503" } : ["503"];
                if (!expected.All(errors.Contains))
                {
                    missing.Add($"{method.ToUpperInvariant()} {path}: declares {string.Join(", ", errors.Order())}; expected at least {string.Join(", ", expected)}");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    /// <summary>One request the API must refuse (or, for an unknown query parameter, may ignore).</summary>
    private sealed record FuzzRequest(string Method, string Path, string Variant, HttpContent? Body, bool MayIgnore = false);

    private async Task<string?> CheckAsync(FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path) { Content = request.Body };

        // The silo refuses a body over its limit from the Content-Length alone, before it has been sent; asking first
        // lets the client read that answer instead of finding the connection closed under a half-sent body.
        message.Headers.ExpectContinue = request.Body is not null;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var status = (int)response.StatusCode;
        var what = $"{request.Method} {Shorten(request.Path)} [{request.Variant}]";
        if (status < 400)
        {
            return request.MayIgnore ? null : $"{what}: answered {status}, expected a refusal";
        }

        var text = await response.Content.ReadAsStringAsync(cancel.Token);
        if (request.Variant.EndsWith(KestrelRefuses, StringComparison.Ordinal) && status == 400 && text.Length == 0)
        {
            // Kestrel refuses a NUL in the URL itself, before any application code runs (docs/api.md).
            return null;
        }

        if (status >= 500)
        {
            return $"{what}: answered {status}: {Shorten(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{what}: answered {status} as {response.Content.Headers.ContentType?.MediaType ?? "nothing"}, not problem details: {Shorten(text)}";
        }

        var problem = JsonDocument.Parse(text).RootElement;
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        return string.IsNullOrWhiteSpace(detail)
            ? $"{what}: answered {status} without a detail: {Shorten(text)}"
            : null;
    }

    private static IEnumerable<FuzzRequest> Requests(JsonNode document, string jobId, string nodeType)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            // Ours only: /dashboard/orleans is Orleans' own dashboard.
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (method, operationNode) in item!.AsObject())
            {
                var operation = operationNode!.AsObject();
                var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                var pathParameters = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
                var baseBody = BaseBody(path, method, nodeType);
                var bodyRequired = operation["requestBody"]?["required"]?.GetValue<bool>() ?? false;
                var isJsonBody = operation["requestBody"]?["content"]?["application/json"] is not null;
                var verb = method.ToUpperInvariant();

                // Path values that can name nothing.
                foreach (var name in pathParameters)
                {
                    foreach (var (variant, value) in BadPathValues())
                    {
                        yield return new FuzzRequest(verb, Fill(path, jobId, name, value), $"path {name}: {variant}", ValidBody(baseBody));
                    }
                }

                // Query values of the wrong type, out of range, huge, with control characters.
                foreach (var parameter in parameters.Where(p => (string?)p["in"] == "query"))
                {
                    var name = (string)parameter["name"]!;
                    foreach (var (variant, value) in BadQueryValues(parameter["schema"]!, schemas))
                    {
                        yield return new FuzzRequest(verb, $"{Fill(path, jobId)}?{name}={Uri.EscapeDataString(value)}", $"query {name}: {variant}", ValidBody(baseBody));
                    }
                }

                // Bodies: broken JSON, wrong shapes, then each field spoilt in turn.
                if (isJsonBody && baseBody is not null)
                {
                    var target = Fill(path, jobId);
                    foreach (var (variant, raw) in BadRawBodies(bodyRequired))
                    {
                        yield return new FuzzRequest(verb, target, $"body: {variant}", Json(raw));
                    }

                    var schema = Resolve(operation["requestBody"]!["content"]!["application/json"]!["schema"]!, schemas);
                    foreach (var (variant, body) in SpoiltBodies(baseBody, schema, schemas, prefix: ""))
                    {
                        yield return new FuzzRequest(verb, target, $"body {variant}", Json(body.ToJsonString()));
                    }

                    yield return new FuzzRequest(verb, target, "body: 2 MB", Json("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"));
                    yield return new FuzzRequest(verb, target, "body: not JSON", new StringContent("name=x", Encoding.UTF8, "text/plain"));
                }
                else if (operation["requestBody"] is not null && !isJsonBody)
                {
                    // An upload: an empty body and a body that is no archive at all.
                    var target = Fill(path, jobId);
                    yield return new FuzzRequest(verb, target, "upload: empty", new ByteArrayContent([]));
                    yield return new FuzzRequest(verb, target, "upload: JSON instead of an archive", Json("{\"name\":\"x\"}"));
                    yield return new FuzzRequest(verb, target, "upload: garbage", new ByteArrayContent(Encoding.UTF8.GetBytes(ControlText + new string('z', 10_000))));
                }
            }
        }
    }

    private static IEnumerable<(string Variant, string Value)> BadPathValues() =>
    [
        ("5,000 characters", new string('j', 5000)),
        ("escape codes", Uri.EscapeDataString("job-\u001b[31mred")),
        ("NUL" + KestrelRefuses, Uri.EscapeDataString("job-\0")),
        ("newline", Uri.EscapeDataString("job-\nnext")),
        ("dot dot", Uri.EscapeDataString("../../etc/passwd")),
        ("unicode", Uri.EscapeDataString("ジョブ")),
        ("unknown but well formed", "job-000000000000"),
    ];

    private static IEnumerable<(string Variant, string Value)> BadQueryValues(JsonNode schema, JsonObject schemas)
    {
        var resolved = Resolve(schema, schemas);
        var types = TypesOf(resolved);
        if (resolved["enum"] is not null)
        {
            return [("unknown word", "banana"), ("number", "7"), ("control characters", ControlText), (Huge, new string('s', 5000))];
        }

        if (types.Contains("integer"))
        {
            return [("not a number", "abc"), ("negative", "-1"), ("too large", "99999999999999999999"), ("fraction", "1.5"), ("huge", "1" + new string('0', 5000)), ("control characters", ControlText)];
        }

        if (types.Contains("number"))
        {
            return [("not a number", "abc"), ("NaN", "NaN"), ("negative", "-5"), ("infinite", "Infinity"), ("too large", "1e400"), ("control characters", ControlText)];
        }

        if (types.Contains("boolean"))
        {
            return [("not a boolean", "maybe"), ("control characters", ControlText)];
        }

        return [(Huge, new string('c', 5000)), ("control characters", ControlText), ("garbage", "!!not-a-cursor!!")];
    }

    private static IEnumerable<(string Variant, string Raw)> BadRawBodies(bool required)
    {
        yield return ("truncated", "{\"name\": \"x");
        yield return ("array", "[]");
        yield return ("number", "42");
        yield return ("string", "\"text\"");
        yield return ("trailing garbage", "{} }");
        yield return ("unknown field", "{\"unexpectedField\": 1}");
        if (required)
        {
            yield return ("null", "null");
            yield return ("empty", "");
            yield return ("empty object", "{}");
        }
    }

    /// <summary>The base body with one field spoilt at a time (recursing one level into objects).</summary>
    private static IEnumerable<(string Variant, JsonObject Body)> SpoiltBodies(JsonObject baseBody, JsonObject schema, JsonObject schemas, string prefix)
    {
        var properties = schema["properties"]?.AsObject() ?? [];
        foreach (var (name, propertyNode) in properties)
        {
            var property = Resolve(propertyNode!, schemas);
            var types = TypesOf(property);
            foreach (var (variant, value) in BadFieldValues(property, types))
            {
                var body = (JsonObject)baseBody.DeepClone();
                body[name] = value;
                yield return ($"{prefix}{name}: {variant}", body);
            }

            if (!types.Contains("null") && baseBody.ContainsKey(name))
            {
                var body = (JsonObject)baseBody.DeepClone();
                body[name] = null;
                yield return ($"{prefix}{name}: null", body);
            }

            if (types.Contains("object") && property["properties"] is not null && baseBody[name] is JsonObject nested)
            {
                foreach (var (variant, spoilt) in SpoiltBodies(nested, property, schemas, $"{prefix}{name}."))
                {
                    var body = (JsonObject)baseBody.DeepClone();
                    body[name] = spoilt;
                    yield return (variant, body);
                }
            }
        }

        var extra = (JsonObject)baseBody.DeepClone();
        extra["unexpectedField"] = 1;
        yield return ($"{prefix}unknown field", extra);
    }

    /// <summary>A field whose schema allows values below zero (a priority).</summary>
    private static bool AcceptsNegatives(JsonObject property) =>
        property["minimum"] is JsonValue minimum && double.Parse(minimum.ToString(), System.Globalization.CultureInfo.InvariantCulture) < 0;

    private static IEnumerable<(string Variant, JsonNode? Value)> BadFieldValues(JsonObject property, HashSet<string> types)
    {
        if (property["enum"] is not null)
        {
            yield return ("unknown word", "banana");
            yield return ("number", 7);
            yield break;
        }

        var numeric = types.Contains("integer") || types.Contains("number");
        if (types.Contains("string") && !numeric)
        {
            yield return ("number instead of string", 12345);
            yield return ("300,000 characters", new string('x', 300_000));
            yield return ("control characters", ControlText);
        }

        if (numeric)
        {
            // Numbers may also be sent as strings ("12"), so a string is wrong only when it is no number.
            yield return ("string instead of number", "abc");
            yield return ("300,000 digits", new string('9', 300_000));
            yield return ("too large", JsonNode.Parse("1e400"));
            if (!AcceptsNegatives(property))
            {
                yield return ("negative", -1);
            }

            yield return ("the most negative decimal", JsonNode.Parse("-79228162514264337593543950335"));
            yield return ("the most negative long", long.MinValue);
            yield return ("the largest long", long.MaxValue);
        }

        if (types.Contains("boolean"))
        {
            yield return ("string instead of boolean", "maybe");
        }

        if (types.Contains("array"))
        {
            yield return ("object instead of list", new JsonObject { ["a"] = 1 });
            yield return ("numbers in the list", new JsonArray(1, 2));
            yield return ("NUL in an item", new JsonArray(ControlText));
            yield return ("200,000 bytes of items", new JsonArray(new string('a', 100_000), new string('b', 100_000)));
        }

        if (types.Contains("object") && property["additionalProperties"] is not null)
        {
            yield return ("string instead of object", "text");
            yield return ("control characters in a value", new JsonObject { ["NAME"] = ControlText });
            yield return ("control characters in a name", new JsonObject { [ControlText] = "x" });
            yield return ("200,000 bytes of values", new JsonObject { ["A"] = new string('a', 100_000), ["B"] = new string('b', 100_000) });
        }
        else if (types.Contains("object"))
        {
            yield return ("string instead of object", "text");
            yield return ("list instead of object", new JsonArray());
        }
    }

    /// <summary>A valid body for each JSON operation, from which one field at a time is spoilt.</summary>
    private static JsonObject? BaseBody(string path, string method, string nodeType) => (path, method) switch
    {
        ("/api/v1/jobs", "post") => new JsonObject
        {
            ["name"] = "fuzz",
            ["command"] = "true",
            ["arguments"] = new JsonArray("a"),
            ["environment"] = new JsonObject { ["A"] = "1" },
            ["mode"] = "distributed",
            ["distributed"] = new JsonObject { ["nodes"] = 1, ["processesPerNode"] = 1, ["pool"] = "elastic", ["minimumWorkers"] = 0 },
            ["nodeType"] = nodeType,
            ["processResources"] = new JsonObject { ["vcpu"] = 0.1, ["memoryMiB"] = 64, ["gpus"] = 0 },
            ["timeLimit"] = "00:10:00",
            ["costLimit"] = 1,
        },
        ("/api/v1/tokens", "post") => new JsonObject { ["name"] = "fuzz" },
        ("/api/v1/users", "post") => new JsonObject { ["email"] = "fuzz@example.com", ["userName"] = "fuzz", ["groups"] = new JsonArray(), ["features"] = new JsonArray("fuzzing") },
        ("/api/v1/invitations/accept", "post") => new JsonObject { ["code"] = "jhi_" + new string('A', 43) },
        (_, "post") when path.EndsWith("/stop", StringComparison.Ordinal) => new JsonObject { ["reason"] = "fuzz" },
        (_, "post") when path.EndsWith("/extend", StringComparison.Ordinal) => new JsonObject { ["duration"] = "00:01:00" },
        _ => null,
    };

    /// <summary>For a path or query variant, a body that is fine (only the variant may be wrong); null when the operation takes none.</summary>
    private static HttpContent? ValidBody(JsonObject? baseBody) => baseBody is null ? null : Json(baseBody.ToJsonString());

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static string Fill(string path, string jobId, string? name = null, string? value = null)
    {
        var filled = path.Replace("{**path}", "{path}", StringComparison.Ordinal);
        foreach (var parameter in new[] { "id", "path" })
        {
            filled = filled.Replace("{" + parameter + "}", parameter == name ? value! : parameter == "id" ? jobId : "x", StringComparison.Ordinal);
        }

        return filled;
    }

    private static JsonObject Resolve(JsonNode schema, JsonObject schemas)
    {
        if (schema["$ref"] is { } reference)
        {
            return schemas[((string)reference!)["#/components/schemas/".Length..]]!.AsObject();
        }

        if (schema["oneOf"] is JsonArray oneOf && oneOf.FirstOrDefault(s => s?["$ref"] is not null) is { } referenced)
        {
            var resolved = (JsonObject)Resolve(referenced, schemas).DeepClone();
            resolved["type"] = new JsonArray("null", "object");
            return resolved;
        }

        return schema.AsObject();
    }

    private static HashSet<string> TypesOf(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => (string)t!).ToHashSet(StringComparer.Ordinal),
        JsonValue one => [(string)one!],
        _ => schema["properties"] is not null ? ["object"] : [],
    };

    private async Task<string> SubmitRunningJobAsync(string nodeType)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/jobs", new { name = "kept", command = "sleep", arguments = new[] { "600" }, nodeType, timeLimit = "00:20:00", processResources = new { vcpu = 0.1, memoryMiB = 64, gpus = 0 } });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()!;
        await Eventually.WaitUntilAsync(
            async () => (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() == "running",
            "the kept job runs",
            TimeSpan.FromSeconds(30));
        return id;
    }

    /// <summary>What must not change: the jobs there are, the kept job's state and limit, the files in the blob store.</summary>
    private async Task<string> SnapshotAsync(string jobId)
    {
        var jobs = (await Http.GetFromJsonAsync<JsonElement>("/api/v1/jobs?limit=500&all=true")).GetProperty("jobs").EnumerateArray()
            .Select(j => j.GetProperty("jobId").GetString()).Order(StringComparer.Ordinal);
        var job = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}");
        var blobs = Path.Combine(fixture.DataDirectory, "blobs");
        var files = Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Length : 0;
        return $"jobs {string.Join(",", jobs)}; kept {job.GetProperty("state")} limit {job.GetProperty("timeLimit")}; blob files {files}";
    }

    private async Task<long> JobActivationsAsync()
    {
        var cluster = await fixture.Silo.GetClusterAsync();
        return cluster.GetProperty("activationsByType").TryGetProperty("job", out var count) ? count.GetInt64() : 0;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
