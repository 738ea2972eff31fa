using System.Collections.Immutable;
using Orleans;

namespace JobHub.GrainInterfaces.Secrets;

/// <summary>
/// One secret namespace (key: <c>user:alice</c>, <c>project:ml</c>, <c>group:site:physics</c>), holding only encrypted
/// values: the silo encrypts before it calls and decrypts after, so no plain value crosses a grain boundary or reaches
/// storage. Every call names the acting user and checks they may use the namespace (a user's own; a project's members; a
/// group's members; admins have no special right); a refusal throws <c>IdentityAccessDeniedException</c> before anything
/// is read or changed. A malformed key throws <c>IdentityInputRejectedException</c> (field <c>namespace</c>).
/// </summary>
[Alias("jobhub.ISecretNamespaceGrain")]
public interface ISecretNamespaceGrain : IGrainWithStringKey
{
    /// <summary>Stores (or replaces) secret <paramref name="name"/>.</summary>
    [Alias("Put")]
    Task<Contracts.Secrets.SecretInfo> Put(string actor, string name, EncryptedSecret secret);

    /// <summary>The stored secret; <see cref="SecretNotFoundException"/> when there is none.</summary>
    [Alias("Read")]
    Task<SealedSecret> Read(string actor, string name);

    /// <summary>Every secret's details, sorted by name; never a value.</summary>
    [Alias("List")]
    Task<ImmutableArray<Contracts.Secrets.SecretInfo>> List(string actor);

    /// <summary>Deletes secret <paramref name="name"/>; <see cref="SecretNotFoundException"/> when there is none.</summary>
    [Alias("Delete")]
    Task<Contracts.Secrets.SecretInfo> Delete(string actor, string name);

    /// <summary>Deletes every secret (a project being deleted, which checked its caller); answers how many there were.</summary>
    [Alias("DeleteAll")]
    Task<int> DeleteAll();

    /// <summary>Checks that <paramref name="actor"/> may use the namespace (throws as the other calls do when not).</summary>
    [Alias("CheckAccess")]
    Task CheckAccess(string actor);
}
