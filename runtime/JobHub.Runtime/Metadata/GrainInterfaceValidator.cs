using System.Reflection;

namespace JobHub.Runtime.Metadata;

/// <summary>Checks that every member of a grain interface is a method the runtime can call.</summary>
internal static class GrainInterfaceValidator
{
    public static IEnumerable<string> FindProblems(Type interfaceType)
    {
        foreach (var method in GrainInterfaceMetadata.CallableMethodsOf(interfaceType))
        {
            var where = $"{method.DeclaringType!.FullName}.{method.Name}";
            if (method.IsSpecialName)
            {
                yield return $"{where}: properties and events are not allowed on grain interfaces; use methods returning Task.";
                continue;
            }

            if (method.IsGenericMethodDefinition)
            {
                yield return $"{where}: generic methods are not supported on grain interfaces.";
            }

            if (ShapeOf(method.ReturnType) is null)
            {
                yield return $"{where}: returns {method.ReturnType.Name}; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.";
            }

            foreach (var parameter in method.GetParameters())
            {
                if (parameter.ParameterType.IsByRef)
                {
                    yield return $"{where}: parameter '{parameter.Name}' is ref/out/in; grain calls pass arguments by value.";
                }
            }

            if (method.IsDefined(typeof(OneWayAttribute)) && ShapeOf(method.ReturnType) is ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT)
            {
                yield return $"{where}: [OneWay] methods cannot return a value.";
            }
        }
    }

    public static ReturnShape? ShapeOf(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return ReturnShape.Task;
        }

        if (returnType == typeof(ValueTask))
        {
            return ReturnShape.ValueTask;
        }

        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            if (definition == typeof(Task<>))
            {
                return ReturnShape.TaskOfT;
            }

            if (definition == typeof(ValueTask<>))
            {
                return ReturnShape.ValueTaskOfT;
            }
        }

        return null;
    }
}
