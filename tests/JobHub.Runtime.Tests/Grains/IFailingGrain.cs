namespace JobHub.Runtime.Tests.Grains;

/// <summary>Throws exceptions of different shapes, to see what reaches a caller on another silo.</summary>
public interface IFailingGrain : IGrainWithStringKey
{
    Task RejectItem(string itemId, int attempts);

    Task FailWithIdOnly(string id);

    Task FailWithArgument(string message);

    Task<int> Calls();
}
