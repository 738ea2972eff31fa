using System.Reflection;
using JobHub.Runtime.Copying;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Proxies;

namespace JobHub.Runtime.Metadata;

/// <summary>A grain method whose awaited result is <typeparamref name="TResult"/> (<see cref="VoidResult"/> for none).</summary>
internal sealed class GrainMethod<TResult> : GrainMethod
{
    private static readonly bool ResultNeedsCopyCheck = !ImmutableTypes.IsImmutableDeclaredType(typeof(TResult));

    public GrainMethod(GrainInterfaceMetadata owner, MethodInfo method, int index, ReturnShape shape)
        : base(owner, method, index, shape)
    {
    }

    public override object Call(GrainReference reference, object?[] arguments)
    {
        if (IsOneWay)
        {
            reference.Runtime.SendOneWay(reference.GrainId, this, arguments);
            return Shape == ReturnShape.ValueTask ? default(ValueTask) : Task.CompletedTask;
        }

        var response = new ResponseCompletion<TResult>();
        reference.Runtime.SendRequest(reference.GrainId, this, arguments, response);
        return Shape switch
        {
            ReturnShape.ValueTaskOfT => new ValueTask<TResult>(response.Task),
            ReturnShape.ValueTask => new ValueTask(response.Task),
            _ => response.Task,
        };
    }

    public override void CompleteResponse(Message message, Task invocation, ValueCopier copier)
    {
        var sink = message.Response;
        if (sink is null)
        {
            return;
        }

        if (!invocation.IsCompletedSuccessfully)
        {
            sink.SetException(ExceptionOf(invocation));
            return;
        }

        var result = invocation is Task<TResult> typed ? typed.Result : default!;
        if (ResultNeedsCopyCheck)
        {
            try
            {
                result = copier.Copy(result, () => $"the result of {DisplayName}");
            }
            catch (GrainArgumentCopyException ex)
            {
                sink.SetException(ex);
                return;
            }
        }

        if (sink is IResponseSink<TResult> typedSink)
        {
            typedSink.SetResult(result);
        }
        else
        {
            sink.SetBoxedResult(result);
        }
    }

    private static Exception ExceptionOf(Task invocation) =>
        invocation.IsCanceled
            ? new TaskCanceledException(invocation)
            : invocation.Exception!.InnerExceptions.Count == 1 ? invocation.Exception.InnerException! : invocation.Exception;
}
