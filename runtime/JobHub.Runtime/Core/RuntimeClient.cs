using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using JobHub.Runtime.Copying;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Observers;
using JobHub.Runtime.Proxies;
using Microsoft.Extensions.Options;
using JobHub.Runtime.Hosting;

namespace JobHub.Runtime.Core;

/// <summary>
/// The grain factory and the sending side of every call: builds references, copies arguments,
/// stamps each request with its sender, call chain and deadline, and hands it to the router.
/// </summary>
internal sealed class RuntimeClient : IGrainFactory
{
    private static readonly ConcurrentDictionary<Type, Func<GrainReference>> ProxyFactories = new();

    private readonly GrainTypeRegistry _registry;
    private readonly Catalog _catalog;
    private readonly PendingCalls _pending;
    private readonly TimeProvider _time;
    private readonly long _timeoutTimestampTicks;
    private long _nextMessageId;

    public RuntimeClient(GrainTypeRegistry registry, Catalog catalog, PendingCalls pending, TimeProvider time, IOptions<JobHubRuntimeOptions> options)
    {
        _registry = registry;
        _catalog = catalog;
        _pending = pending;
        _time = time;
        _timeoutTimestampTicks = (long)(options.Value.ResponseTimeout.TotalSeconds * time.TimestampFrequency);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.General) { IncludeFields = true };
        json.Converters.Add(new GrainReferenceJsonConverterFactory(CreateReference));
        Copier = new ValueCopier(json);
    }

    public ValueCopier Copier { get; }

    /// <summary>Set on a cluster client: its observers carry its id, so silos can find it through its gateway.</summary>
    public string? ClientId { get; set; }

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        return (TGrainInterface)CreateReference(typeof(TGrainInterface), new GrainId(_registry.GrainTypeFor(typeof(TGrainInterface)), key));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid key)
        where TGrainInterface : IGrainWithGuidKey =>
        (TGrainInterface)CreateReference(typeof(TGrainInterface), new GrainId(_registry.GrainTypeFor(typeof(TGrainInterface)), key.ToString("D")));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain =>
        (TGrainInterface)CreateReference(typeof(TGrainInterface), grainId);

    public TObserver CreateObjectReference<TObserver>(IGrainObserver observer)
        where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is not TObserver)
        {
            throw new ArgumentException($"{observer.GetType().FullName} does not implement {typeof(TObserver).FullName}.", nameof(observer));
        }

        var id = ClientId is null ? ObserverIds.NewLocal() : ObserverIds.NewForClient(ClientId);
        _catalog.AddObserver(id, observer);
        return (TObserver)CreateReference(typeof(TObserver), id);
    }

    public void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : IGrainObserver
    {
        if (reference is IAddressable { GrainId.Type: Catalog.ObserverGrainType } addressable)
        {
            _catalog.RemoveObserver(addressable.GrainId);
        }
    }

    public object CreateReference(Type grainInterface, GrainId grainId)
    {
        var metadata = GrainInterfaceMetadata.For(grainInterface);
        var reference = ProxyFactories.GetOrAdd(grainInterface, static type => CreateProxyFactory(type))();
        reference.Bind(this, metadata, grainId);
        return reference;
    }

    public void SendRequest<TResult>(GrainId target, GrainMethod method, object?[] arguments, ResponseCompletion<TResult> response)
    {
        Message message;
        try
        {
            message = CreateMessage(target, method, arguments, response);
        }
        catch (GrainArgumentCopyException ex)
        {
            response.SetException(ex);
            return;
        }

        response.Bind(message, _pending);
        _pending.Register(message);
        _catalog.Route(message);
    }

    public void SendOneWay(GrainId target, GrainMethod method, object?[] arguments) =>
        _catalog.Route(CreateMessage(target, method, arguments, response: null));

    private Message CreateMessage(GrainId target, GrainMethod method, object?[] arguments, IResponseSink? response)
    {
        var copied = arguments;
        for (var i = 0; i < arguments.Length; i++)
        {
            if (method.ArgumentsNeedCopyCheck[i] && arguments[i] is not null)
            {
                if (ReferenceEquals(copied, arguments))
                {
                    copied = (object?[])arguments.Clone();
                }

                var index = i;
                copied[i] = Copier.Copy(arguments[i], () => $"Argument '{method.Parameters[index].Name}' of {method.DisplayName}");
            }
        }

        var current = Activation.Running;
        var chain = current is null ? null : CallChain.Extend(current.CurrentChain, current.GrainId, current.CurrentRequestId);
        var now = _time.GetTimestamp();
        return new Message(Interlocked.Increment(ref _nextMessageId), target, method, copied, current?.GrainId, chain, now, now + _timeoutTimestampTicks, response);
    }

    private static Func<GrainReference> CreateProxyFactory(Type grainInterface)
    {
        // DispatchProxy.Create generates (once) and instantiates the proxy type. Creating every later reference
        // through it costs a reflection CreateInstance (binder, load-context lookup); calling the generated
        // constructor directly costs a plain allocation. Since .NET 7 that constructor takes the interface's
        // MethodInfo[] (one shared array per proxy type), which the prototype instance holds in a field.
        const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        var prototype = DispatchProxy.Create(grainInterface, typeof(GrainReference));
        var proxyType = prototype.GetType();
        var parameterless = proxyType.GetConstructor(Instance, Type.EmptyTypes);
        if (parameterless is not null)
        {
            return Expression.Lambda<Func<GrainReference>>(Expression.New(parameterless)).Compile();
        }

        var withMethods = proxyType.GetConstructor(Instance, [typeof(MethodInfo[])]);
        var methodsField = proxyType.GetFields(Instance).SingleOrDefault(f => f.FieldType == typeof(MethodInfo[]));
        if (withMethods is not null && methodsField?.GetValue(prototype) is MethodInfo[] methods)
        {
            return Expression.Lambda<Func<GrainReference>>(Expression.New(withMethods, Expression.Constant(methods))).Compile();
        }

        return () => (GrainReference)DispatchProxy.Create(grainInterface, typeof(GrainReference));
    }
}
