namespace JobHub.Runtime.Tests.Grains;

/// <summary>Throws exceptions of different shapes, to see what reaches a caller on another silo.</summary>
public interface IFailingGrain : IGrainWithStringKey
{
    Task RejectItem(string itemId, int attempts);

    Task FailWithIdOnly(string id);

    Task FailWithArgument(string message);

    /// <summary>Fails with a NotOwnerException of its own making, as when a call it made was refused (after it had run).</summary>
    Task FailAsIfRefused();

    Task<int> Calls();
}
