using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobHub.Runtime;

/// <summary>
/// The observers a grain notifies (job status, live logs). A notification goes to all of them at
/// once; an observer that fails or does not answer is dropped, and the grain carries on.
/// Use from grain code only (it is not thread-safe, like the rest of a grain's fields).
/// </summary>
public sealed partial class ObserverManager<TObserver>(ILogger? logger = null)
    where TObserver : IGrainObserver
{
    private readonly Dictionary<GrainId, TObserver> _observers = [];
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public int Count => _observers.Count;

    public IEnumerable<TObserver> Observers => _observers.Values;

    public void Subscribe(TObserver observer) => _observers[IdOf(observer)] = observer;

    public bool Unsubscribe(TObserver observer) => _observers.Remove(IdOf(observer));

    /// <summary>Sends the notification to every observer; returns how many took it. Failed observers are removed.</summary>
    public async Task<int> NotifyAsync(Func<TObserver, Task> notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var targets = _observers.ToArray();
        var calls = targets.Select(t => Call(notification, t.Value)).ToArray();
        await Task.WhenAll(calls);
        var delivered = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            if (calls[i].Result is { } error)
            {
                _observers.Remove(targets[i].Key);
                LogObserverDropped(_logger, error, targets[i].Key);
            }
            else
            {
                delivered++;
            }
        }

        return delivered;
    }

    private static GrainId IdOf(TObserver observer) =>
        observer is IAddressable addressable
            ? addressable.GrainId
            : throw new ArgumentException("Subscribe observer references made by IGrainFactory.CreateObjectReference, not the objects themselves.", nameof(observer));

    private static async Task<Exception?> Call(Func<TObserver, Task> notification, TObserver observer)
    {
        try
        {
            await notification(observer);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Dropped observer {ObserverId} after a failed notification")]
    private static partial void LogObserverDropped(ILogger logger, Exception exception, GrainId observerId);
}
