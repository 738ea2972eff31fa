using System.Security.Cryptography;
using System.Text;
using JobHub.Contracts.Secrets;
using JobHub.GrainInterfaces.Secrets;

namespace JobHub.Grains.Secrets;

/// <summary>
/// AES-256-GCM over secret values: a random 12-byte nonce per write, a 16-byte tag, and associated data binding the value
/// to its namespace and name (a ciphertext copied to another secret does not decrypt). Values are encrypted with the active
/// key and decrypted with the key their id names.
/// </summary>
public sealed class SecretCipher(SecretKeyRing keys)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>Encrypts <paramref name="value"/> as secret <paramref name="name"/> of <paramref name="ns"/> with the active key.</summary>
    public EncryptedSecret Encrypt(SecretNamespace ns, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(value);
        var keyId = keys.ActiveKeyId;
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var plain = Encoding.UTF8.GetBytes(value);
        try
        {
            var sealedBytes = new byte[plain.Length + TagBytes];
            using var aes = new AesGcm(keys.Key(keyId)!, TagBytes);
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), AssociatedData(ns, name));
            return new EncryptedSecret(keyId, nonce, sealedBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Decrypts a stored value; <see cref="SecretUnreadableException"/> when its key is missing or the bytes do not match.</summary>
    public string Decrypt(SecretNamespace ns, string name, EncryptedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(secret);
        var key = keys.Key(secret.KeyId)
            ?? throw new SecretUnreadableException(ns.Key, name, $"its master key '{secret.KeyId}' is not configured on this silo (JobHub:Secrets:Keys:{secret.KeyId})");
        if (secret.Nonce.Length != NonceBytes || secret.Ciphertext.Length < TagBytes)
        {
            throw new SecretUnreadableException(ns.Key, name, "the stored bytes are not an AES-GCM value");
        }

        var length = secret.Ciphertext.Length - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(secret.Nonce, secret.Ciphertext.AsSpan(0, length), secret.Ciphertext.AsSpan(length), plain, AssociatedData(ns, name));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretUnreadableException(ns.Key, name, $"the stored value does not match master key '{secret.KeyId}' (a different key under that id, or changed bytes)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] AssociatedData(SecretNamespace ns, string name) => Encoding.UTF8.GetBytes($"jobhub-secret-v1\n{ns.Key}\n{name}");
}
