using System.Linq.Expressions;
using System.Reflection;
using JobHub.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Metadata;

/// <summary>A grain class: its durable type name, scheduling flags and a compiled constructor that resolves its dependencies.</summary>
internal sealed class GrainClassMetadata
{
    private readonly Lazy<Func<IServiceProvider, object>> _factory;

    public GrainClassMetadata(Type classType)
    {
        ClassType = classType;
        GrainType = GrainTypeNameOf(classType);
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>(inherit: true)?.Age;
        IsRemindable = typeof(IRemindable).IsAssignableFrom(classType);
        GrainInterfaces = classType.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && i != typeof(IGrain)).ToArray();
        var hasState = SelectConstructor(classType)?.GetParameters().Any(p => p.IsDefined(typeof(PersistentStateAttribute))) ?? false;
        ActivationObservesTimeout = hasState || Overrides(classType, nameof(Grain.OnActivateAsync), [typeof(CancellationToken)]);
        DeactivationObservesTimeout = hasState || Overrides(classType, nameof(Grain.OnDeactivateAsync), [typeof(DeactivationReason), typeof(CancellationToken)]);
        _factory = new Lazy<Func<IServiceProvider, object>>(() => CompileFactory(classType));
    }

    public Type ClassType { get; }

    public string GrainType { get; }

    public bool IsReentrant { get; }

    public TimeSpan? CollectionAge { get; }

    public bool IsRemindable { get; }

    public IReadOnlyList<Type> GrainInterfaces { get; }

    /// <summary>
    /// False when nothing run at activation can see the timeout token (no [PersistentState] parameters, and
    /// <see cref="Grain.OnActivateAsync"/> is the base no-op), so the activation needs no timed token source.
    /// </summary>
    public bool ActivationObservesTimeout { get; }

    /// <summary>Like <see cref="ActivationObservesTimeout"/>, for <see cref="Grain.OnDeactivateAsync"/> and state participants.</summary>
    public bool DeactivationObservesTimeout { get; }

    public static string GrainTypeNameOf(Type classType)
    {
        var explicitName = classType.GetCustomAttribute<GrainTypeAttribute>(inherit: false)?.Name;
        if (explicitName is not null)
        {
            return explicitName;
        }

        var name = classType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        name = tick > 0 ? name[..tick] : name;
        name = name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > 5 ? name[..^5] : name;
        return name.ToLowerInvariant();
    }

    public object Create(IServiceProvider services) => _factory.Value(services);

    /// <summary>
    /// Compiles "services => new TGrain(resolve(p1), resolve(p2), ...)": [PersistentState] parameters get a
    /// state bound to the activation under construction, everything else comes from the container.
    /// </summary>
    private static Func<IServiceProvider, object> CompileFactory(Type classType)
    {
        var constructor = SelectConstructor(classType)
            ?? throw new InvalidOperationException($"Grain class {classType.FullName} has no public constructor.");
        var services = Expression.Parameter(typeof(IServiceProvider), "services");
        var arguments = constructor.GetParameters().Select(p => ResolveParameter(classType, p, services));
        var body = Expression.Convert(Expression.New(constructor, arguments), typeof(object));
        return Expression.Lambda<Func<IServiceProvider, object>>(body, services).Compile();
    }

    /// <summary>The constructor the runtime calls: the public one with the most parameters.</summary>
    private static ConstructorInfo? SelectConstructor(Type classType) =>
        classType.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();

    private static bool Overrides(Type classType, string method, Type[] parameters) =>
        classType.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, parameters)?.DeclaringType != typeof(Grain);

    private static Expression ResolveParameter(Type classType, ParameterInfo parameter, ParameterExpression services)
    {
        var stateAttribute = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (stateAttribute is not null)
        {
            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException($"{classType.FullName}: parameter '{parameter.Name}' has [PersistentState] but is not an IPersistentState<T>.");
            }

            var create = typeof(PersistentStateFactory).GetMethod(nameof(PersistentStateFactory.Create))!.MakeGenericMethod(type.GetGenericArguments()[0]);
            return Expression.Call(create, services, Expression.Constant(stateAttribute));
        }

        var getService = parameter.HasDefaultValue
            ? typeof(ServiceProviderServiceExtensions).GetMethod(nameof(ServiceProviderServiceExtensions.GetService), [typeof(IServiceProvider)])!
            : typeof(ServiceProviderServiceExtensions).GetMethod(nameof(ServiceProviderServiceExtensions.GetRequiredService), [typeof(IServiceProvider)])!;
        return Expression.Call(getService.MakeGenericMethod(parameter.ParameterType), services);
    }
}
