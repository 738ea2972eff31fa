namespace JobHub.Runtime.Tests.Grains;

public interface IStateGrain : IGrainWithStringKey
{
    Task<int> IncrementAndWrite();

    /// <summary>Changes state without writing it: a graceful deactivation must flush it.</summary>
    Task<int> IncrementInMemory();

    Task<int> Get();

    Task<string?> Etag();

    Task<bool> RecordExists();

    Task Clear();

    Task<string> ActivationId();
}
