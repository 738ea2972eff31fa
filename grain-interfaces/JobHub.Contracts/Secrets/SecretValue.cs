namespace JobHub.Contracts.Secrets;

/// <summary>
/// A secret with its value, the answer of <c>GET /api/v1/secrets/{namespace}/{name}</c> and of a job's
/// <c>GET /api/v1/jobs/{id}/secrets/{name}</c>. <see cref="ToString"/> leaves the value out.
/// </summary>
public sealed record SecretValue
{
    /// <summary>The namespace it was found in.</summary>
    public required string Namespace { get; init; }

    /// <summary>The secret's name.</summary>
    public required string Name { get; init; }

    /// <summary>The value, in plain text.</summary>
    public required string Value { get; init; }

    /// <summary>When the value was last written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Who wrote it last.</summary>
    public required string UpdatedBy { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"SecretValue {{ Namespace = {Namespace}, Name = {Name}, Value = (hidden), UpdatedAt = {UpdatedAt:O}, UpdatedBy = {UpdatedBy} }}";
}
