using Orleans;

namespace JobHub.Grains.Secrets;

/// <summary>One secret as stored: the encrypted value (AES-256-GCM, with its key id and nonce) and who wrote it when.</summary>
[GenerateSerializer]
[Alias("jobhub.StoredSecret")]
internal sealed class StoredSecret
{
    [Id(0)]
    public string KeyId { get; set; } = string.Empty;

    [Id(1)]
    public byte[] Nonce { get; set; } = [];

    /// <summary>The ciphertext followed by the 16-byte tag.</summary>
    [Id(2)]
    public byte[] Ciphertext { get; set; } = [];

    [Id(3)]
    public DateTimeOffset UpdatedAt { get; set; }

    [Id(4)]
    public string UpdatedBy { get; set; } = string.Empty;
}
