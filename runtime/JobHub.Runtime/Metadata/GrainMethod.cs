using System.Linq.Expressions;
using System.Reflection;
using JobHub.Runtime.Copying;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Proxies;

namespace JobHub.Runtime.Metadata;

/// <summary>
/// One callable grain-interface method: its flags, a compiled invoker for the activation side and the
/// typed completion logic for both sides. Built once per method and shared by every runtime.
/// </summary>
internal abstract class GrainMethod
{
    protected GrainMethod(GrainInterfaceMetadata owner, MethodInfo method, int index, ReturnShape shape)
    {
        Interface = owner;
        Method = method;
        Index = index;
        Shape = shape;
        Parameters = method.GetParameters();
        DisplayName = $"{method.DeclaringType!.Name}.{method.Name}";
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute));
        IsOneWay = method.IsDefined(typeof(OneWayAttribute));
        ArgumentsNeedCopyCheck = Parameters.Select(p => !ImmutableTypes.IsImmutableDeclaredType(p.ParameterType)).ToArray();
        Invoker = CompileInvoker(method, shape);
    }

    public GrainInterfaceMetadata Interface { get; }

    public MethodInfo Method { get; }

    /// <summary>Position in <see cref="GrainInterfaceMetadata.Methods"/>: stable for a given interface definition.</summary>
    public int Index { get; }

    public ReturnShape Shape { get; }

    public IReadOnlyList<ParameterInfo> Parameters { get; }

    /// <summary>"IInterface.Method", for messages people read.</summary>
    public string DisplayName { get; }

    public bool AlwaysInterleave { get; }

    public bool IsOneWay { get; }

    /// <summary>Per argument: false when its declared type alone proves the value needs no copy.</summary>
    public bool[] ArgumentsNeedCopyCheck { get; }

    /// <summary>(grain, arguments) => the grain method's task (ValueTasks converted with AsTask).</summary>
    public Func<object, object?[], Task> Invoker { get; }

    public static GrainMethod Create(GrainInterfaceMetadata owner, MethodInfo method, int index)
    {
        var shape = GrainInterfaceValidator.ShapeOf(method.ReturnType)!.Value;
        var resultType = shape is ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT ? method.ReturnType.GetGenericArguments()[0] : typeof(VoidResult);
        var closed = typeof(GrainMethod<>).MakeGenericType(resultType);
        return (GrainMethod)Activator.CreateInstance(closed, owner, method, index, shape)!;
    }

    /// <summary>Sends the call and returns what the interface method returns (Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;).</summary>
    public abstract object Call(GrainReference reference, object?[] arguments);

    /// <summary>Hands the finished invocation's result (copied) or exception to the caller.</summary>
    public abstract void CompleteResponse(Message message, Task invocation, ValueCopier copier);

    private static Func<object, object?[], Task> CompileInvoker(MethodInfo method, ReturnShape shape)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var callArgs = parameters.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, callArgs);
        if (shape is ReturnShape.ValueTask or ReturnShape.ValueTaskOfT)
        {
            call = Expression.Call(call, method.ReturnType.GetMethod(nameof(ValueTask.AsTask))!);
        }

        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }
}
