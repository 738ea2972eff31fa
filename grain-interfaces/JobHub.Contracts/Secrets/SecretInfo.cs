using Orleans;

namespace JobHub.Contracts.Secrets;

/// <summary>A secret as lists show it: where it is, when and by whom it was last written, and which key encrypts it. Never the value.</summary>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.SecretInfo")]
public sealed record SecretInfo
{
    /// <summary>The namespace (<c>user:alice</c>, <c>project:ml</c>, <c>group:site:physics</c>).</summary>
    [Id(0)]
    public required string Namespace { get; init; }

    /// <summary>The secret's name (<see cref="SecretNames.NameProblem"/>).</summary>
    [Id(1)]
    public required string Name { get; init; }

    /// <summary>When the value was last written.</summary>
    [Id(2)]
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Who wrote it last.</summary>
    [Id(3)]
    public required string UpdatedBy { get; init; }

    /// <summary>The id of the master key that encrypts the stored value (rotation: values written before still name the old key).</summary>
    [Id(4)]
    public required string KeyId { get; init; }
}
