namespace JobHub.Agent.Results;

/// <summary>Checks and joins blob keys (see <see cref="IBlobStore"/> for the rules).</summary>
public static class BlobKey
{
    /// <summary>True when <paramref name="key"/> is a valid key (or prefix).</summary>
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && !key.Contains('\0', StringComparison.Ordinal)
        && key.Split('/').All(segment => segment.Length > 0 && segment is not "." and not "..");

    /// <summary>Throws when <paramref name="key"/> is not a valid key.</summary>
    /// <exception cref="ArgumentException">The key is empty, has an empty, <c>.</c> or <c>..</c> segment, or a NUL.</exception>
    public static string Validate(string? key, string parameterName = "key")
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"'{key}' is not a valid blob key: use non-empty '/'-separated segments other than '.' and '..'.", parameterName);
        }

        return key!;
    }

    /// <summary>Joins a prefix and a relative path into one key.</summary>
    public static string Combine(string prefix, string relativePath) => Validate(prefix.TrimEnd('/') + "/" + relativePath.TrimStart('/'), nameof(relativePath));
}
