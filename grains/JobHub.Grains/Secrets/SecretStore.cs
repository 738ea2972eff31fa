using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Secrets;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Secrets;
using JobHub.Grains.Audit;
using Orleans;

namespace JobHub.Grains.Secrets;

/// <summary>
/// Secrets for the REST API: checks the namespace, name and value, encrypts before the namespace grain stores and decrypts
/// after it answers (<see cref="SecretCipher"/>), so plain values stay in the memory of the silo serving the request. Every
/// write and delete, allowed or refused, is appended to the audit log (never with the value).
/// </summary>
public sealed class SecretStore(IGrainFactory grains, SecretCipher cipher, IAuditLog audit)
{
    /// <summary>Stores (or replaces) a secret.</summary>
    public async Task<SecretInfo> SetAsync(string actor, string secretNamespace, string name, string? value, CancellationToken cancellationToken = default)
    {
        var ns = Namespace(secretNamespace);
        CheckName(name);
        if (SecretNames.ValueProblem(value) is { } problem)
        {
            throw new IdentityInputRejectedException("value", problem);
        }

        return await AuditedAsync(actor, "secret.write", ns, name, () => grains.Secrets(ns).Put(actor, name, cipher.Encrypt(ns, name, value!)), cancellationToken);
    }

    /// <summary>A secret with its value.</summary>
    public async Task<SecretValue> GetAsync(string actor, string secretNamespace, string name)
    {
        var ns = Namespace(secretNamespace);
        CheckName(name);
        return Open(ns, await grains.Secrets(ns).Read(actor, name));
    }

    /// <summary>The secrets of a namespace, without values.</summary>
    public Task<ImmutableArray<SecretInfo>> ListAsync(string actor, string secretNamespace) => grains.Secrets(Namespace(secretNamespace)).List(actor);

    /// <summary>Deletes a secret.</summary>
    public Task<SecretInfo> DeleteAsync(string actor, string secretNamespace, string name, CancellationToken cancellationToken = default)
    {
        var ns = Namespace(secretNamespace);
        CheckName(name);
        return AuditedAsync(actor, "secret.delete", ns, name, () => grains.Secrets(ns).Delete(actor, name), cancellationToken);
    }

    /// <summary>
    /// What a job reads: secret <paramref name="name"/> of its owner (<c>user:{owner}</c>), else of its project
    /// (<c>project:{project}</c>), read as the owner (their rights now: a disabled owner or one who left the project reads
    /// nothing). <see cref="SecretNotFoundException"/> naming every namespace looked in when none has it.
    /// </summary>
    public async Task<SecretValue> GetForJobAsync(JobInfo job, string name)
    {
        ArgumentNullException.ThrowIfNull(job);
        CheckName(name);
        var own = SecretNamespace.User(job.Owner);
        try
        {
            return Open(own, await grains.Secrets(own).Read(job.Owner, name));
        }
        catch (SecretNotFoundException) when (job.Spec.Project is not null)
        {
            var project = SecretNamespace.Project(job.Spec.Project);
            try
            {
                return Open(project, await grains.Secrets(project).Read(job.Owner, name));
            }
            catch (SecretNotFoundException)
            {
                throw new SecretNotFoundException($"{own} or {project}", name);
            }
        }
    }

    private SecretValue Open(SecretNamespace ns, SealedSecret sealedSecret) => new()
    {
        Namespace = ns.Key,
        Name = sealedSecret.Info.Name,
        Value = cipher.Decrypt(ns, sealedSecret.Info.Name, sealedSecret.Secret),
        UpdatedAt = sealedSecret.Info.UpdatedAt,
        UpdatedBy = sealedSecret.Info.UpdatedBy,
    };

    private async Task<SecretInfo> AuditedAsync(string actor, string action, SecretNamespace ns, string name, Func<Task<SecretInfo>> change, CancellationToken cancellationToken)
    {
        var target = $"{ns}/{name}";
        SecretInfo info;
        try
        {
            info = await change();
        }
        catch (IdentityAccessDeniedException denied)
        {
            await audit.AppendAsync(new AuditRecord(actor, action, target, "denied", denied.Rule), cancellationToken);
            throw;
        }
        catch (SecretNotFoundException)
        {
            await audit.AppendAsync(new AuditRecord(actor, action, target, "failed", "no such secret"), cancellationToken);
            throw;
        }

        await audit.AppendAsync(new AuditRecord(actor, action, target, "ok", $"key {info.KeyId}"), cancellationToken);
        return info;
    }

    private static SecretNamespace Namespace(string? text) =>
        SecretNames.ParseNamespace(text, out var problem) ?? throw new IdentityInputRejectedException("namespace", problem!);

    private static void CheckName(string? name)
    {
        if (SecretNames.NameProblem(name) is { } problem)
        {
            throw new IdentityInputRejectedException("name", problem);
        }
    }
}
