using System.Text.Json;
using System.Text.RegularExpressions;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Problems;

/// <summary>
/// Plain-words refusals for requests the API cannot read: malformed or mistyped JSON bodies, query values of the
/// wrong type, missing or oversized bodies. ASP.NET Core and System.Text.Json say what failed in .NET terms; this
/// names the field and says what the API expects there instead.
/// </summary>
internal static partial class RequestBodyProblems
{
    private static readonly Dictionary<string, Type> ContractEnums = typeof(JobMode).Assembly.GetTypes()
        .Where(t => t.IsEnum && t.IsPublic)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>A body that is not JSON, or JSON of the wrong shape.</summary>
    public static ValidationProblemDetails FromJson(JsonException json)
    {
        if (UnknownMember().Match(json.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups["name"].Value;
            return ApiProblems.FieldDetails(
                Shown(FieldOf(json.Path) is "body" ? name : $"{FieldOf(json.Path)}"),
                $"There is no field '{Shown(name)}' here (names are camelCase, as in the API's schema at /openapi/v1.json).");
        }

        var field = FieldOf(json.Path);
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : string.Empty;
        if (json.InnerException is null && ConvertTo().Match(json.Message) is { Success: true } conversion)
        {
            return ApiProblems.FieldDetails(field, $"This value has the wrong type{where}: expected {Expected(conversion.Groups["type"].Value)}.");
        }

        return field == "body"
            ? ApiProblems.FieldDetails("body", $"The body is not valid JSON of the expected shape{where}: send a JSON object as described at /openapi/v1.json.")
            : ApiProblems.FieldDetails(field, $"This value could not be read{where}: the JSON is malformed or cut off here, or the value is out of range.");
    }

    /// <summary>A request ASP.NET Core could not bind: a query value of the wrong type, no body, a body too large.</summary>
    public static ProblemDetails FromBinding(BadHttpRequestException bad)
    {
        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
        {
            var value = failed.Groups["value"].Value;
            return ApiProblems.FieldDetails(failed.Groups["name"].Value, $"'{Shown(value)}' is not {Expected(failed.Groups["type"].Value)}.");
        }

        if (RequiredMissing().Match(bad.Message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? ApiProblems.FieldDetails("body", "A JSON object is required (see /openapi/v1.json).")
                : ApiProblems.FieldDetails(missing.Groups["name"].Value, "This value is required.");
        }

        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ApiProblems.FieldDetails("body", $"The body is too large: a JSON request may hold at most {JobLimits.MaxJsonBodyBytes} bytes.", bad.StatusCode),
            StatusCodes.Status415UnsupportedMediaType => ApiProblems.FieldDetails("body", "Send the body as JSON (Content-Type: application/json).", bad.StatusCode),
            _ => ApiProblems.FieldDetails("request", "The request could not be read: " + Shown(bad.Message), bad.StatusCode),
        };
    }

    /// <summary>The field a JSON path names (<c>$.distributed.nodes</c> → <c>distributed.nodes</c>; the body itself → <c>body</c>).</summary>
    private static string FieldOf(string? path) => path is { Length: > 2 } ? Shown(path[2..]) : "body";

    private static string Shown(string text) => TextRules.Show(text);

    /// <summary>What a value of the named .NET type looks like in this API.</summary>
    private static string Expected(string typeName)
    {
        var bare = typeName.Replace("System.Nullable`1[", string.Empty, StringComparison.Ordinal)
            .Replace("Nullable<", string.Empty, StringComparison.Ordinal)
            .TrimEnd(']', '>', '?');
        bare = bare[(bare.LastIndexOf('.') + 1)..];
        if (ContractEnums.TryGetValue(bare, out var enumType))
        {
            return EnumWords.OneOf(enumType);
        }

        return bare switch
        {
            "TimeSpan" => $"a duration such as \"01:30:00\" (hh:mm:ss) or \"2.00:00:00\" (d.hh:mm:ss), at most {JobLimits.MaxTimeLimit.TotalDays:0} days",
            "Int32" or "int" or "Int64" or "long" => "a whole number",
            "Double" or "double" or "Decimal" or "decimal" => "a number",
            "Boolean" or "bool" => "true or false",
            "String" or "string" => "a string",
            "DateTimeOffset" => "a date and time such as \"2026-12-02T10:00:00Z\"",
            _ when bare.StartsWith("ImmutableArray", StringComparison.Ordinal) || bare.StartsWith("List", StringComparison.Ordinal) => "a list",
            _ when bare.StartsWith("ImmutableDictionary", StringComparison.Ordinal) => "an object of names and string values",
            _ => "an object as described at /openapi/v1.json",
        };
    }

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped", RegexOptions.Singleline)]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>[^ ]+)\.", RegexOptions.Singleline)]
    private static partial Regex ConvertTo();

    [GeneratedRegex(@"^Failed to bind parameter ""(?<type>.+) (?<name>[^ ""]+)"" from ""(?<value>.*)""\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex(@"^Required parameter ""(?<type>.+) (?<name>[^ ""]+)"" was not provided from (?<source>\w+)", RegexOptions.Singleline)]
    private static partial Regex RequiredMissing();
}
