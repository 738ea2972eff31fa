using Orleans;

namespace JobHub.GrainInterfaces.Secrets;

/// <summary>
/// A secret value encrypted with AES-256-GCM: the id of the master key, the 12-byte nonce (new for every write) and the
/// ciphertext followed by the 16-byte tag. The associated data binds it to its namespace and name, so it cannot be moved.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.EncryptedSecret")]
public sealed record EncryptedSecret(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Nonce,
    [property: Id(2)] byte[] Ciphertext);
