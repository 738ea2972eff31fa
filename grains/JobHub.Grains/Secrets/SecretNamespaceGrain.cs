using System.Collections.Immutable;
using JobHub.Contracts.Secrets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Secrets;
using JobHub.Grains.Identity;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Secrets;

/// <summary>
/// One secret namespace (key: <c>user:alice</c>, <c>project:ml</c>, <c>group:site:physics</c>). Holds encrypted values
/// only; checks the acting user (<see cref="SecretAccess"/>) before every read or change. Never sees a plain value.
/// </summary>
[GrainType("secrets")]
internal sealed class SecretNamespaceGrain(
    TimeProvider time,
    [PersistentState("secrets")] IPersistentState<SecretNamespaceState> state) : Grain, ISecretNamespaceGrain
{
    private Dictionary<string, StoredSecret> Secrets => state.State.Secrets;

    /// <summary>The key, checked: a malformed key is refused on every call.</summary>
    private SecretNamespace Namespace =>
        SecretNames.ParseNamespace(this.GetPrimaryKeyString(), out var problem) ?? throw new IdentityInputRejectedException("namespace", problem!);

    /// <inheritdoc />
    public async Task<SecretInfo> Put(string actor, string name, EncryptedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var ns = Namespace;
        CheckName(name);
        await SecretAccess.RequireAsync(GrainFactory, ns, actor, $"write secret '{name}' of {ns}");
        if (!Secrets.ContainsKey(name) && Secrets.Count >= SecretNames.MaxSecretsPerNamespace)
        {
            throw new IdentityConflictException($"{ns} holds {SecretNames.MaxSecretsPerNamespace} secrets, the most a namespace may hold; delete one first.");
        }

        var stored = new StoredSecret { KeyId = secret.KeyId, Nonce = secret.Nonce, Ciphertext = secret.Ciphertext, UpdatedAt = time.GetUtcNow(), UpdatedBy = actor };
        var previous = Secrets.GetValueOrDefault(name);
        Secrets[name] = stored;
        try
        {
            await state.WriteOrDeactivateAsync(this);
        }
        catch
        {
            if (previous is null)
            {
                Secrets.Remove(name);
            }
            else
            {
                Secrets[name] = previous;
            }

            throw;
        }

        return Info(ns, name, stored);
    }

    /// <inheritdoc />
    public async Task<SealedSecret> Read(string actor, string name)
    {
        var ns = Namespace;
        CheckName(name);
        await SecretAccess.RequireAsync(GrainFactory, ns, actor, $"read secret '{name}' of {ns}");
        var stored = Secrets.GetValueOrDefault(name) ?? throw new SecretNotFoundException(ns.Key, name);
        return new SealedSecret(Info(ns, name, stored), new EncryptedSecret(stored.KeyId, stored.Nonce, stored.Ciphertext));
    }

    /// <inheritdoc />
    public async Task<ImmutableArray<SecretInfo>> List(string actor)
    {
        var ns = Namespace;
        await SecretAccess.RequireAsync(GrainFactory, ns, actor, $"list the secrets of {ns}");
        return [.. Secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Info(ns, s.Key, s.Value))];
    }

    /// <inheritdoc />
    public async Task<SecretInfo> Delete(string actor, string name)
    {
        var ns = Namespace;
        CheckName(name);
        await SecretAccess.RequireAsync(GrainFactory, ns, actor, $"delete secret '{name}' of {ns}");
        var stored = Secrets.GetValueOrDefault(name) ?? throw new SecretNotFoundException(ns.Key, name);
        Secrets.Remove(name);
        try
        {
            await state.WriteOrDeactivateAsync(this);
        }
        catch
        {
            Secrets[name] = stored;
            throw;
        }

        return Info(ns, name, stored);
    }

    /// <inheritdoc />
    public async Task<int> DeleteAll()
    {
        _ = Namespace;
        var count = Secrets.Count;
        if (count > 0 || state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        return count;
    }

    /// <inheritdoc />
    public Task CheckAccess(string actor)
    {
        var ns = Namespace;
        return SecretAccess.RequireAsync(GrainFactory, ns, actor, $"use the secrets of {ns}");
    }

    private static void CheckName(string name)
    {
        if (SecretNames.NameProblem(name) is { } problem)
        {
            throw new IdentityInputRejectedException("name", problem);
        }
    }

    private static SecretInfo Info(SecretNamespace ns, string name, StoredSecret stored) =>
        new() { Namespace = ns.Key, Name = name, UpdatedAt = stored.UpdatedAt, UpdatedBy = stored.UpdatedBy, KeyId = stored.KeyId };
}
