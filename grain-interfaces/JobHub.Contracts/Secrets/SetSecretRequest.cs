namespace JobHub.Contracts.Secrets;

/// <summary>The body of <c>PUT /api/v1/secrets/{namespace}/{name}</c>. <see cref="ToString"/> leaves the value out.</summary>
/// <param name="Value">The value (<see cref="SecretNames.ValueProblem"/>: 1 byte to 64 KiB of UTF-8).</param>
public sealed record SetSecretRequest(string Value)
{
    /// <inheritdoc />
    public override string ToString() => "SetSecretRequest { Value = (hidden) }";
}
