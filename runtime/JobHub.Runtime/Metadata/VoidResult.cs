namespace JobHub.Runtime.Metadata;

/// <summary>The result type of methods that return a plain Task or ValueTask.</summary>
[Immutable]
internal readonly record struct VoidResult;
