namespace JobHub.Runtime.Tests.Grains;

public sealed class ChainGrain : Grain, IChainGrain
{
    public async Task<string> CallThrough(string[] path)
    {
        if (path.Length == 0)
        {
            return GetPrimaryKeyString();
        }

        var rest = await GrainFactory.GetGrain<IChainGrain>(path[0]).CallThrough(path[1..]);
        return GetPrimaryKeyString() + ">" + rest;
    }
}
