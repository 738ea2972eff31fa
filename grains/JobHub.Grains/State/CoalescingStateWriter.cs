using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.State;

/// <summary>
/// Group commit inside one reentrant grain: at most one write of the state is in flight; callers that
/// changed the state while it runs share the single write that follows it. Every caller returns only
/// once a write that includes its change is durable, yet a grain taking many requests pays one write
/// per storage round trip instead of one per request.
/// </summary>
/// <remarks>
/// Use only from the grain's own turns (the activation runs one turn at a time, so no lock is needed).
/// The state is serialized when a write starts, so changes made while a write is in flight are never
/// half-written; they go into the next one. One write at a time also keeps the ETag chain intact.
/// </remarks>
/// <param name="state">The state written.</param>
/// <param name="beforeWrite">
/// Runs right before each write starts (in the grain's turn): a grain that keeps its live data elsewhere copies it into
/// the state here, once per write instead of once per request.
/// </param>
internal sealed class CoalescingStateWriter<TState>(IPersistentState<TState> state, Action? beforeWrite = null)
    where TState : new()
{
    private bool _writing;
    private TaskCompletionSource? _next;

    /// <summary>Completes once a write that started after this call (so holds every change made before it) is durable.</summary>
    public async Task WriteAsync()
    {
        if (_writing)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _next.Task;
            return;
        }

        _writing = true;
        try
        {
            beforeWrite?.Invoke();
            await state.WriteStateAsync();
        }
        finally
        {
            _writing = false;
            if (_next is { } waiting)
            {
                _next = null;
                _ = WriteForAsync(waiting);
            }
        }
    }

    private async Task WriteForAsync(TaskCompletionSource waiting)
    {
        try
        {
            await WriteAsync();
            waiting.TrySetResult();
        }
        catch (Exception ex)
        {
            waiting.TrySetException(ex);
        }
    }
}
