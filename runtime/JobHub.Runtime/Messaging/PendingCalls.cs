using System.Collections.Concurrent;
using JobHub.Runtime.Diagnostics;
using JobHub.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Messaging;

/// <summary>
/// Requests waiting for an answer, by message id. A sweep fails those past their deadline with
/// <see cref="GrainCallTimeoutException"/>; one timer serves all calls, so a call costs no timer.
/// </summary>
internal sealed class PendingCalls : IDisposable
{
    // Every call adds and removes an entry from many threads at once: more lock stripes than the default (one per core).
    private readonly ConcurrentDictionary<long, Message> _calls = new(concurrencyLevel: 64, capacity: 4096);
    private readonly TimeProvider _time;
    private readonly RuntimeInstruments _instruments;
    private readonly TimeSpan _timeout;
    private readonly ITimer _sweep;

    public PendingCalls(IOptions<JobHubRuntimeOptions> options, TimeProvider time, RuntimeInstruments instruments)
    {
        _time = time;
        _instruments = instruments;
        _timeout = options.Value.ResponseTimeout;
        var period = TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _sweep = time.CreateTimer(static s => ((PendingCalls)s!).Sweep(), this, period, period);
    }

    public void Register(Message message) => _calls[message.Id] = message;

    public void Completed(Message message, bool failed)
    {
        _calls.TryRemove(message.Id, out _);
        _instruments.CallCompleted(_time.GetElapsedTime(message.SentTimestamp), failed);
    }

    /// <summary>Fails every waiting call (the silo is stopping and nothing will answer them).</summary>
    public void FailAll(Func<Message, Exception> reason)
    {
        foreach (var (_, message) in _calls)
        {
            message.Response?.SetException(reason(message));
        }
    }

    public void Dispose() => _sweep.Dispose();

    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        // The dictionary's enumerator takes no locks (.Values would take every stripe and copy).
        var expired = _calls.Select(p => p.Value).Where(m => m.IsExpired(now)).ToList();
        if (expired.Count == 0)
        {
            return;
        }

        // Describe every expired call before failing any, while the calls they wait on are still listed.
        var snapshot = _calls.Select(p => p.Value).ToList();
        var errors = expired.Select(m => (Message: m, Error: TimeoutFor(m, snapshot))).ToList();
        foreach (var (message, error) in errors)
        {
            _instruments.CallTimedOut();
            message.Response?.SetException(error);
        }
    }

    /// <summary>
    /// Names where the call is stuck: the deepest call still pending that descends from it (through
    /// the request it started), so an outer caller sees the whole chain, cycle included.
    /// </summary>
    private GrainCallTimeoutException TimeoutFor(Message message, List<Message> pending)
    {
        var deepest = pending
            .Where(p => p.Chain is not null && p.Chain.Includes(message.Id))
            .MaxBy(p => p.Chain!.Depth) ?? message;
        var chain = CallChain.ToList(deepest.Chain, deepest.Target);
        var cycle = chain.Count != chain.Distinct().Count();
        var text = $"{message.Method.DisplayName} on {message.Target} did not answer within {_timeout.TotalSeconds:0.###} s; the outcome is unknown. " +
            $"Call chain: {string.Join(" -> ", chain)}." +
            (cycle ? " The chain returns to a grain that is still busy with the first call: a non-reentrant call cycle. Mark the grain [Reentrant], the method [AlwaysInterleave], or break the cycle." : string.Empty);
        return new GrainCallTimeoutException(text, chain);
    }
}
