namespace JobHub.Runtime.Messaging;

/// <summary>A response sink that takes the result without boxing.</summary>
internal interface IResponseSink<in TResult> : IResponseSink
{
    void SetResult(TResult result);
}
