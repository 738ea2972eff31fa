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
    private static readonly ConcurrentDictionary<Type, Func<WireFormat, (IResponseSink, Task<ReadOnlyMemory<byte>>)>> Factories = new();

    public static (IResponseSink Sink, Task<ReadOnlyMemory<byte>> Body) Create(GrainMethod method, WireFormat wire) =>
        Factories.GetOrAdd(
            method.GetType().GetGenericArguments()[0],
            static t => CreateTypedMethod.MakeGenericMethod(t).CreateDelegate<Func<WireFormat, (IResponseSink, Task<ReadOnlyMemory<byte>>)>>())(wire);

    private static (IResponseSink, Task<ReadOnlyMemory<byte>>) CreateTyped<TResult>(WireFormat wire)
    {
        var sink = new RemoteResponseSink<TResult>(wire);
        return (sink, sink.Body);
    }
}
