namespace JobHub.Runtime.Tests.Grains;

public sealed class FailingGrain : Grain, IFailingGrain
{
    private int _calls;

    public Task RejectItem(string itemId, int attempts)
    {
        _calls++;
        throw new ItemRejectedException(itemId, attempts, new Dictionary<string, string[]> { ["item"] = ["too big", "wrong shape"] });
    }

    public Task FailWithIdOnly(string id)
    {
        _calls++;
        throw new IdOnlyException(id);
    }

    public Task FailWithArgument(string message)
    {
        _calls++;
        throw new ArgumentException(message);
    }

    public Task FailAsIfRefused()
    {
        _calls++;
        throw new NotOwnerException("The grain this one called is owned elsewhere.");
    }

    public Task<int> Calls() => Task.FromResult(++_calls);
}
