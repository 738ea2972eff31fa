namespace JobHub.Runtime.Messaging;

/// <summary>Where the outcome of a request goes: a local waiting caller, or (in a cluster) a connection back to the caller.</summary>
internal interface IResponseSink
{
    void SetBoxedResult(object? result);

    void SetException(Exception exception);
}
