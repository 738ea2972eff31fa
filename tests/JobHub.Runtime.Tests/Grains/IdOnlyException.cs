namespace JobHub.Runtime.Tests.Grains;

/// <summary>Its only string constructor takes an id, not a message, and it is not portable: it must not be rebuilt from its message.</summary>
public sealed class IdOnlyException : Exception
{
    public IdOnlyException(string id)
        : base($"Nothing has id '{id}'.")
    {
        Id = id;
    }

    public string Id { get; }
}
