namespace JobHub.Runtime.Tests.Grains;

public interface IWireGrain : IGrainWithStringKey
{
    Task<PingRecord> Mixed(int number, string? text, PingRecord record, List<int> items, object anything, ICounterGrain counter);

    Task Nothing();

    Task<int> Overloaded(int x);

    Task<int> Overloaded(string x);
}
