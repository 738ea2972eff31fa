using Microsoft.Extensions.Options;

namespace JobHub.Grains.Secrets.Hosting;

/// <summary>Reports every bad <see cref="JobHubSecretsOptions"/> value by its setting (<c>JobHub:Secrets:…</c>); never shows a key.</summary>
public sealed class JobHubSecretsOptionsValidator : IValidateOptions<JobHubSecretsOptions>
{
    /// <summary>Bytes of a master key (AES-256).</summary>
    public const int KeyBytes = 32;

    /// <summary>Longest key id.</summary>
    public const int MaxKeyIdLength = 32;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JobHubSecretsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = JobHubSecretsOptions.SectionName;
        var failures = new List<string>();
        foreach (var (id, value) in options.Keys)
        {
            if (!IsKeyId(id))
            {
                failures.Add($"{Section}:Keys: a key id must be 1 to {MaxKeyIdLength} characters of A-Z a-z 0-9 '_' '-' (one is not; ids are not shown either).");
            }
            else if (DecodeKey(value) is null)
            {
                failures.Add($"{Section}:Keys:{id} must be {KeyBytes} bytes in base64 (44 characters, e.g. from 'openssl rand -base64 32'); the value is not shown.");
            }
        }

        var active = options.ActiveKeyId;
        if (!string.IsNullOrEmpty(active))
        {
            var generatedOk = active == JobHubSecretsOptions.GeneratedKeyId && options.KeyFilePath is not null;
            if (!options.Keys.ContainsKey(active) && !generatedOk)
            {
                failures.Add($"{Section}:ActiveKeyId names no configured key (was '{(IsKeyId(active) ? active : "(not a key id)")}'; configured: {Ids(options)}).");
            }
        }
        else if (options.Keys.Count > 1)
        {
            failures.Add($"{Section}:ActiveKeyId is required when more than one key is configured (configured: {Ids(options)}): it names the key new values are encrypted with.");
        }

        if (options.Keys.Count == 0 && options.KeyFilePath is null)
        {
            failures.Add($"{Section}:Keys: configure a master key ({Section}:Keys:{{id}}, {KeyBytes} bytes in base64), or {Section}:KeyFileDirectory for a generated one.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The 32 bytes of a base64 key, or null when <paramref name="value"/> is not one.</summary>
    public static byte[]? DecodeKey(string? value)
    {
        var buffer = new byte[KeyBytes + 3];
        return value is not null && Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written == KeyBytes ? buffer[..KeyBytes] : null;
    }

    /// <summary>True for 1–32 characters of A-Z a-z 0-9 '_' '-'.</summary>
    public static bool IsKeyId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxKeyIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Ids(JobHubSecretsOptions options) =>
        options.Keys.Count == 0 ? "none" : string.Join(", ", options.Keys.Keys.Where(IsKeyId).Order(StringComparer.Ordinal));
}
