namespace JobHub.Grains.Secrets.Hosting;

/// <summary>
/// The master keys that encrypt secret values at rest (section <c>JobHub:Secrets</c>). Each value is encrypted with the
/// active key and stores that key's id, so adding a new active key keeps older values readable: keep every key whose
/// id is still stored. Without any configured key, the first start generates one into <c>{KeyFileDirectory}/secrets-key</c>
/// (mode 0600, id <see cref="GeneratedKeyId"/>): right for one embedded silo; a cluster configures the same keys on every silo.
/// </summary>
public sealed class JobHubSecretsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "JobHub:Secrets";

    /// <summary>The id of the key generated into the key file.</summary>
    public const string GeneratedKeyId = "generated";

    /// <summary>The name of the generated key file in <see cref="KeyFileDirectory"/>.</summary>
    public const string KeyFileName = "secrets-key";

    /// <summary>
    /// Master keys by id (<c>JobHub:Secrets:Keys:{id}</c>): 32 random bytes in base64 each (<c>openssl rand -base64 32</c>);
    /// ids are 1–32 characters of A-Z a-z 0-9 '_' '-'. Default: none (the generated key is used).
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The key new values are encrypted with. Default: the only configured key; with none configured,
    /// <see cref="GeneratedKeyId"/>. Required when more than one key is configured.
    /// </summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Where the generated key file lives (the silo sets its data folder). Required when no key is configured.</summary>
    public string? KeyFileDirectory { get; set; }

    /// <summary>The generated key file's path, or null without <see cref="KeyFileDirectory"/>.</summary>
    public string? KeyFilePath => string.IsNullOrEmpty(KeyFileDirectory) ? null : Path.Combine(KeyFileDirectory, KeyFileName);

    /// <summary>The key new values are encrypted with: <see cref="ActiveKeyId"/>, else the only configured key, else the generated one.</summary>
    public string EffectiveActiveKeyId => !string.IsNullOrEmpty(ActiveKeyId) ? ActiveKeyId : Keys.Count == 1 ? Keys.Keys.First() : GeneratedKeyId;
}
