namespace JobHub.Runtime.Tests.Grains;

/// <summary>A domain exception carrying data (like JobNotFoundException's job id): it must cross silos with its data.</summary>
[PortableException]
public sealed class ItemRejectedException : JobHubException
{
    public ItemRejectedException(string itemId, int attempts, IReadOnlyDictionary<string, string[]> problems)
        : base($"Item '{itemId}' was rejected after {attempts} attempts.")
    {
        ItemId = itemId;
        Attempts = attempts;
        Problems = problems;
    }

    public string ItemId { get; }

    public int Attempts { get; }

    public IReadOnlyDictionary<string, string[]> Problems { get; }
}
