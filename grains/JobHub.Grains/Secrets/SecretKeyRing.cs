using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using JobHub.Grains.Secrets.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Secrets;

/// <summary>
/// The master keys (<see cref="JobHubSecretsOptions"/>): the configured ones, plus the generated key file's when it exists
/// or is needed (written on first need, mode 0600, never rewritten). Loaded when the silo starts
/// (<see cref="ServiceLifecycleStage.RuntimeInitialize"/>), so a key file that cannot be written stops the start.
/// </summary>
public sealed partial class SecretKeyRing : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Lazy<(FrozenDictionary<string, byte[]> Keys, string Active)> _loaded;

    /// <summary>Creates the ring (registered by <c>AddJobHubSecrets</c>); the keys are read on first use or at start.</summary>
    public SecretKeyRing(IOptions<JobHubSecretsOptions> options, ILogger<SecretKeyRing> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loaded = new(() => Load(options.Value, logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The id of the key new values are encrypted with.</summary>
    public string ActiveKeyId => _loaded.Value.Active;

    /// <summary>The key ids known, sorted.</summary>
    public IReadOnlyList<string> KeyIds => [.. _loaded.Value.Keys.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The key of <paramref name="keyId"/>, or null when this silo does not have it.</summary>
    internal byte[]? Key(string keyId) => _loaded.Value.Keys.GetValueOrDefault(keyId);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        observer.Subscribe(nameof(SecretKeyRing), ServiceLifecycleStage.RuntimeInitialize, cancellationToken =>
        {
            _ = _loaded.Value;
            return Task.CompletedTask;
        });
    }

    private static (FrozenDictionary<string, byte[]>, string) Load(JobHubSecretsOptions options, ILogger logger)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in options.Keys)
        {
            keys[id] = JobHubSecretsOptionsValidator.DecodeKey(value)
                ?? throw new OptionsValidationException(JobHubSecretsOptions.SectionName, typeof(JobHubSecretsOptions), [$"{JobHubSecretsOptions.SectionName}:Keys:{id} is not a base64 key of 32 bytes (the value is not shown)."]);
        }

        var active = options.EffectiveActiveKeyId;
        var path = options.KeyFilePath;
        if (!keys.ContainsKey(JobHubSecretsOptions.GeneratedKeyId) && path is not null && (File.Exists(path) || active == JobHubSecretsOptions.GeneratedKeyId))
        {
            keys[JobHubSecretsOptions.GeneratedKeyId] = ReadOrGenerate(path, logger);
        }

        if (!keys.ContainsKey(active))
        {
            throw new OptionsValidationException(JobHubSecretsOptions.SectionName, typeof(JobHubSecretsOptions), [$"{JobHubSecretsOptions.SectionName}:ActiveKeyId names no configured key (was '{active}')."]);
        }

        LogLoaded(logger, keys.Count, string.Join(", ", keys.Keys.Order(StringComparer.Ordinal)), active);
        return (keys.ToFrozenDictionary(StringComparer.Ordinal), active);
    }

    /// <summary>Reads the key file, or creates it (0600, written to a temporary file first and moved into place) when absent.</summary>
    private static byte[] ReadOrGenerate(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(folder);
            var temporary = Path.Combine(folder, $".{JobHubSecretsOptions.KeyFileName}.{Guid.NewGuid():N}.tmp");
            var key = RandomNumberGenerator.GetBytes(JobHubSecretsOptionsValidator.KeyBytes);
            try
            {
                var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var stream = new FileStream(temporary, fileOptions))
                {
                    stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                    stream.Flush(flushToDisk: true);
                }

                try
                {
                    File.Move(temporary, path, overwrite: false);
                    LogGenerated(logger, path);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process wrote it first: use theirs.
                }
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        return JobHubSecretsOptionsValidator.DecodeKey(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"The secrets key file {path} does not hold a base64 key of 32 bytes (the content is not shown); restore it from a backup.");
    }
}
