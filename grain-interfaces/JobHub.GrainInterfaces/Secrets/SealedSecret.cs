using JobHub.Contracts.Secrets;
using Orleans;

namespace JobHub.GrainInterfaces.Secrets;

/// <summary>What a secret namespace grain answers for a read: the secret's details and its still encrypted value.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.SealedSecret")]
public sealed record SealedSecret(
    [property: Id(0)] SecretInfo Info,
    [property: Id(1)] EncryptedSecret Secret);
