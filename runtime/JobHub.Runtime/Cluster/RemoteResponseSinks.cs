using System.Collections.Concurrent;
using System.Reflection;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Serialization;

namespace JobHub.Runtime.Cluster;

/// <summary>Creates the typed <see cref="RemoteResponseSink{TResult}"/> for a method (its result type is only known at run time here).</summary>
internal static class RemoteResponseSinks
{
    private static readonly MethodInfo CreateTypedMethod = typeof(RemoteResponseSinks).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    // By method, not by result type: finding the result type is reflection that costs more than the call itself.
    private static readonly ConcurrentDictionary<GrainMethod, Func<WireFormat, (IResponseSink, Task<ReadOnlyMemory<byte>>)>> Factories = new();

    public static (IResponseSink Sink, Task<ReadOnlyMemory<byte>> Body) Create(GrainMethod method, WireFormat wire) =>
        Factories.GetOrAdd(
            method,
            static m => CreateTypedMethod.MakeGenericMethod(m.GetType().GetGenericArguments()[0]).CreateDelegate<Func<WireFormat, (IResponseSink, Task<ReadOnlyMemory<byte>>)>>())(wire);

    private static (IResponseSink, Task<ReadOnlyMemory<byte>>) CreateTyped<TResult>(WireFormat wire)
    {
        var sink = new RemoteResponseSink<TResult>(wire);
        return (sink, sink.Body);
    }
}
