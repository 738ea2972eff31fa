using System.Net;
using System.Text.Json;

namespace JobHub.Client;

/// <summary>Turns an error answer into a <see cref="JobHubApiException"/>, whether or not it carries problem details.</summary>
internal static class ProblemReader
{
    private const int MaxPlainDetail = 500;

    public static async Task<JobHubApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var fallbackTitle = string.IsNullOrEmpty(response.ReasonPhrase) ? status.ToString() : response.ReasonPhrase;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            body = string.Empty;
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return new JobHubApiException(status, fallbackTitle);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var title = Text(root, "title") ?? fallbackTitle;
                return new JobHubApiException(status, title, Text(root, "detail"), FieldErrors(root));
            }
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's page, plain text): keep the start of it as the detail.
        }

        return new JobHubApiException(status, fallbackTitle, body.Length > MaxPlainDetail ? body[..MaxPlainDetail] + "…" : body.Trim());
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, IReadOnlyList<string>> FieldErrors(JsonElement root)
    {
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!root.TryGetProperty("errors", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            return errors;
        }

        foreach (var field in fields.EnumerateObject())
        {
            errors[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : m.GetRawText()).ToList(),
                JsonValueKind.String => [field.Value.GetString() ?? string.Empty],
                _ => [field.Value.GetRawText()],
            };
        }

        return errors;
    }
}
