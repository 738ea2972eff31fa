using System.Runtime.CompilerServices;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Timers;
using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Core;

/// <summary>
/// One live grain instance and its mailbox. All of its work (requests, timer ticks, continuations of
/// its own awaits) runs in a single loop scheduled on the thread pool, so at most one turn runs at a
/// time. The activation is its own <see cref="SynchronizationContext"/>: an await in grain code
/// posts the continuation back into the loop. Admission is separate from execution: a request
/// that does not interleave waits until every earlier request has fully completed.
/// </summary>
/// <remarks>
/// The loop is scheduled on the thread pool's global (FIFO) queue, never a thread's local one: a thread
/// pops its local queue newest-first and others steal only when idle, so under sustained load an
/// activation queued locally could wait behind newer work until its calls expired.
/// </remarks>
internal sealed partial class Activation : SynchronizationContext, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static Activation? t_current;

    [ThreadStatic]
    private static Activation? t_constructing;

    private readonly Catalog _catalog;
    private readonly Queue<object> _inbox = new();
    private readonly bool _reentrant;
    private Queue<Turn>? _waiting;
    private Queue<Turn>? _waitingInterleaved;
    private List<Message>? _held;
    private List<IActivationParticipant>? _participants;
    private List<GrainTimer>? _timers;
    private TaskCompletionSource? _deactivated;
    private Exception? _activationError;
    private DeactivationReason? _deactivationRequested;
    private ActivationState _state;
    private bool _scheduled;
    private bool _pumping;
    private int _running;
    private long _lastActiveTimestamp;

    public Activation(Catalog catalog, GrainId grainId, GrainClassMetadata? grainClass, object? observerInstance = null)
    {
        _catalog = catalog;
        GrainId = grainId;
        Class = grainClass;
        _reentrant = grainClass?.IsReentrant ?? false;
        _lastActiveTimestamp = catalog.Time.GetTimestamp();
        if (observerInstance is not null)
        {
            Instance = observerInstance;
            _state = ActivationState.Valid;
        }
    }

    /// <summary>The activation whose turn is running on this thread, if any.</summary>
    public static Activation? Running => t_current;

    /// <summary>The activation whose grain constructor is running on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    public static Activation? Constructing => t_constructing;

    public GrainId GrainId { get; }

    /// <summary>Null for an observer object.</summary>
    public GrainClassMetadata? Class { get; }

    public object? Instance { get; private set; }

    public Catalog Catalog => _catalog;

    /// <summary>The call chain of the request most recently started here; extended by calls this turn makes.</summary>
    public CallChain? CurrentChain { get; private set; }

    /// <summary>The message id of the request most recently started here.</summary>
    public long CurrentRequestId { get; private set; }

    public bool IsObserver => Class is null;

    public ActivationState State => _state;

    /// <summary>Completes when the activation has fully gone (state Invalid).</summary>
    public Task Deactivated
    {
        get
        {
            var deactivated = LazyInitializer.EnsureInitialized(ref _deactivated, () => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

            // Created lazily to keep idle activations small: one asked for after the activation had
            // already gone must still complete (EnsureInitialized is a full fence, so this read is fresh).
            if (Volatile.Read(ref Unsafe.As<ActivationState, int>(ref _state)) == (int)ActivationState.Invalid)
            {
                deactivated.TrySetResult();
            }

            return deactivated.Task;
        }
    }

    public long LastActiveTimestamp => Volatile.Read(ref _lastActiveTimestamp);

    /// <summary>Queues a request; false when the activation has gone and the caller must route again.</summary>
    public bool TryEnqueue(Message message)
    {
        bool schedule;
        lock (_inbox)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }

            _inbox.Enqueue(message);
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    public override void Post(SendOrPostCallback d, object? state) => Enqueue(new PostedCallback(d, state));

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (t_current != this)
        {
            throw new NotSupportedException("Synchronous Send into a grain activation would block a turn; use Post.");
        }

        d(state);
    }

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Queues any work item; accepted even after the activation ended, so no continuation is lost.</summary>
    public void Enqueue(object item)
    {
        bool schedule;
        lock (_inbox)
        {
            _inbox.Enqueue(item);
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void AddParticipant(IActivationParticipant participant) => (_participants ??= []).Add(participant);

    public void AddTimer(GrainTimer timer) => (_timers ??= []).Add(timer);

    public void RemoveTimer(GrainTimer timer) => _timers?.Remove(timer);

    /// <summary>Called from grain code during a turn: deactivate once the running requests finish.</summary>
    public void DeactivateOnIdle(DeactivationReason reason = DeactivationReason.ApplicationRequested) =>
        _deactivationRequested ??= reason;

    public void MarkActive() => Volatile.Write(ref _lastActiveTimestamp, _catalog.Time.GetTimestamp());

    void IThreadPoolWorkItem.Execute()
    {
        var previousContext = t_current;
        var previousSync = SynchronizationContext.Current;
        t_current = this;
        SetSynchronizationContext(this);
        try
        {
            if (_state == ActivationState.Created)
            {
                StartActivation();
            }

            var batch = _catalog.Options.MaxWorkItemsPerTurnBatch;
            for (var i = 0; i < batch; i++)
            {
                object? item;
                lock (_inbox)
                {
                    if (!_inbox.TryDequeue(out item))
                    {
                        _scheduled = false;
                        return;
                    }
                }

                Process(item);
            }
        }
        finally
        {
            t_current = previousContext;
            SetSynchronizationContext(previousSync);
        }

        // Batch used up with work left: give the thread back but stay scheduled.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void Process(object item)
    {
        try
        {
            switch (item)
            {
                case PostedCallback callback:
                    callback.Run();
                    break;
                case Turn { Invocation: not null } finished:
                    FinishTurn(finished);
                    break;
                case Turn turn:
                    Admit(turn);
                    break;
                case ActivationCommand command:
                    Handle(command);
                    break;
            }
        }
        catch (Exception ex)
        {
            LogLoopFault(_catalog.Logger, ex, GrainId);
        }

        Pump();
    }

    private void Admit(Turn turn)
    {
        switch (_state)
        {
            case ActivationState.Invalid:
                if (turn is Message gone)
                {
                    // Queued for an activation that failed: it shares that call's fate; later calls retry afresh.
                    if (_activationError is not null)
                    {
                        gone.Response?.SetException(_activationError);
                    }
                    else
                    {
                        _catalog.Reroute(gone);
                    }
                }

                return;
            case ActivationState.Deactivating:
                if (turn is Message held)
                {
                    (_held ??= []).Add(held);
                }

                return;
        }

        var interleaves = turn.Interleaves || _reentrant;
        if (CanStartAtOnce(interleaves))
        {
            // What Pump would do next anyway: nothing waits ahead of it, so start it without queueing
            // (an idle activation then never allocates its waiting queues).
            Start(turn);
        }
        else if (interleaves)
        {
            (_waitingInterleaved ??= new Queue<Turn>()).Enqueue(turn);
        }
        else
        {
            (_waiting ??= new Queue<Turn>()).Enqueue(turn);
        }
    }

    private bool CanStartAtOnce(bool interleaves) =>
        _state == ActivationState.Valid && !_pumping && _deactivationRequested is null
        && _waitingInterleaved is not { Count: > 0 } && (interleaves || (_running == 0 && _waiting is not { Count: > 0 }));

    /// <summary>Starts every waiting turn the admission rules allow, then begins a requested deactivation once idle.</summary>
    private void Pump()
    {
        if (_pumping || _state != ActivationState.Valid)
        {
            return;
        }

        _pumping = true;
        try
        {
            while (_deactivationRequested is null)
            {
                if (_waitingInterleaved is { Count: > 0 })
                {
                    Start(_waitingInterleaved.Dequeue());
                }
                else if (_running == 0 && _waiting is { Count: > 0 })
                {
                    Start(_waiting.Dequeue());
                }
                else
                {
                    break;
                }
            }
        }
        finally
        {
            _pumping = false;
        }

        if (_deactivationRequested is { } reason && _running == 0)
        {
            BeginDeactivation(reason);
        }
    }

    private void Start(Turn turn)
    {
        turn.Owner = this;
        Task invocation;
        if (turn is Message message)
        {
            var now = _catalog.Time.GetTimestamp();
            if (message.IsExpired(now))
            {
                // The caller was already told it timed out; running it now would surprise everyone.
                LogDroppedExpired(_catalog.Logger, message.Method.DisplayName, GrainId);
                return;
            }

            _lastActiveTimestamp = now;
            CurrentChain = message.Chain;
            CurrentRequestId = message.Id;
            _running++;
            invocation = Invoke(message);
        }
        else
        {
            _running++;
            invocation = ((TimerTick)turn).Run();
        }

        turn.Invocation = invocation;
        if (invocation.IsCompleted)
        {
            FinishTurn(turn);
        }
        else
        {
            invocation.ContinueWith(
                static (_, state) =>
                {
                    var finished = (Turn)state!;
                    finished.Owner!.Enqueue(finished);
                },
                turn,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private Task Invoke(Message message)
    {
        try
        {
            return message.Method.Invoker(Instance!, message.Arguments);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private void FinishTurn(Turn turn)
    {
        _running--;
        switch (turn)
        {
            case Message message:
                if (message.Response is null && message.Invocation!.IsFaulted)
                {
                    LogOneWayFailed(_catalog.Logger, message.Invocation.Exception!.GetBaseException(), message.Method.DisplayName, GrainId);
                }

                message.Method.CompleteResponse(message, message.Invocation!, _catalog.Copier);
                break;
            case TimerTick tick:
                tick.Completed();
                break;
        }
    }

    private void Handle(ActivationCommand command)
    {
        if (command.Kind == ActivationCommandKind.DeactivateIfIdle && !IsIdleFor(command.IdleAge))
        {
            return;
        }

        if (_state is ActivationState.Deactivating or ActivationState.Invalid)
        {
            return;
        }

        _deactivationRequested ??= command.Reason;
    }

    private bool IsIdleFor(TimeSpan age) =>
        _state == ActivationState.Valid && _running == 0 && _waiting is not { Count: > 0 } && _waitingInterleaved is not { Count: > 0 }
        && _catalog.Time.GetElapsedTime(_lastActiveTimestamp) >= age;

    private void StartActivation()
    {
        _state = ActivationState.Activating;
        _ = RunActivationAsync();
    }

    private async Task RunActivationAsync()
    {
        try
        {
            // A timed token source costs a timer; skip it when no code run here can observe the token.
            using var timeout = Class!.ActivationObservesTimeout ? new CancellationTokenSource(_catalog.Options.ActivationTimeout, _catalog.Time) : null;
            var token = timeout?.Token ?? CancellationToken.None;
            t_constructing = this;
            try
            {
                Instance = Class!.Create(_catalog.Services);
            }
            finally
            {
                t_constructing = null;
            }

            foreach (var participant in _participants ?? [])
            {
                await participant.OnActivateAsync(token);
            }

            await ((Grain)Instance).OnActivateAsync(token);
        }
        catch (Exception ex)
        {
            LogActivationFailed(_catalog.Logger, ex, GrainId);
            FailActivation(ex);
            return;
        }

        _state = ActivationState.Valid;
        _catalog.Instruments.ActivationCreated(GrainId.Type);
        Pump();
    }

    /// <summary>The calls that were waiting for this activation get its error; the next call activates afresh.</summary>
    private void FailActivation(Exception error)
    {
        _activationError = error;
        lock (_inbox)
        {
            _state = ActivationState.Invalid;
        }

        _catalog.Remove(this);
        foreach (var turn in (_waiting ?? []).Concat(_waitingInterleaved ?? []))
        {
            if (turn is Message message)
            {
                message.Response?.SetException(error);
            }
        }

        _waiting = _waitingInterleaved = null;
        SignalDeactivated();
    }

    private void BeginDeactivation(DeactivationReason reason)
    {
        _state = ActivationState.Deactivating;
        _ = RunDeactivationAsync(reason);
    }

    private async Task RunDeactivationAsync(DeactivationReason reason)
    {
        foreach (var timer in _timers?.ToArray() ?? [])
        {
            timer.Dispose();
        }

        var observed = _participants is { Count: > 0 } || (Class?.DeactivationObservesTimeout ?? false);
        using var timeout = observed ? new CancellationTokenSource(_catalog.Options.DeactivationTimeout, _catalog.Time) : null;
        var token = timeout?.Token ?? CancellationToken.None;
        try
        {
            if (Instance is Grain grain)
            {
                await grain.OnDeactivateAsync(reason, token);
            }
        }
        catch (Exception ex)
        {
            LogDeactivationFailed(_catalog.Logger, ex, GrainId);
        }

        foreach (var participant in _participants ?? [])
        {
            try
            {
                await participant.OnDeactivateAsync(reason, token);
            }
            catch (Exception ex)
            {
                LogDeactivationFailed(_catalog.Logger, ex, GrainId);
            }
        }

        _catalog.Instruments.ActivationRemoved(GrainId.Type);
        FinishDeactivation();
    }

    private void FinishDeactivation()
    {
        lock (_inbox)
        {
            _state = ActivationState.Invalid;
        }

        _catalog.Remove(this);

        // Whatever waited here runs on a fresh activation (or fails there if the silo is stopping).
        foreach (var turn in (_waiting ?? []).Concat(_waitingInterleaved ?? []))
        {
            if (turn is Message message)
            {
                _catalog.Reroute(message);
            }
        }

        foreach (var message in _held ?? [])
        {
            _catalog.Reroute(message);
        }

        _waiting = _waitingInterleaved = null;
        _held = null;
        SignalDeactivated();
    }

    /// <summary>Completes <see cref="Deactivated"/> once the state is Invalid (pairs with the getter's check).</summary>
    private void SignalDeactivated()
    {
        Interlocked.MemoryBarrier();
        Volatile.Read(ref _deactivated)?.TrySetResult();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Grain {GrainId} failed to activate")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Grain {GrainId} failed while deactivating")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "One-way call {Method} on {GrainId} failed")]
    private static partial void LogOneWayFailed(ILogger logger, Exception exception, string method, GrainId grainId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Dropped expired call {Method} on {GrainId}")]
    private static partial void LogDroppedExpired(ILogger logger, string method, GrainId grainId);

    [LoggerMessage(EventId = 104, Level = LogLevel.Critical, Message = "Runtime fault in the work loop of {GrainId}")]
    private static partial void LogLoopFault(ILogger logger, Exception exception, GrainId grainId);
}
