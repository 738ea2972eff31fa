namespace JobHub.Runtime;

/// <summary>
/// A grain's durable state. <see cref="State"/> is loaded before activation; writes and clears carry
/// the ETag last read or written and throw <see cref="Storage.InconsistentStateException"/> when the
/// stored state changed meanwhile (the activation then deactivates itself as stale).
/// </summary>
public interface IPersistentState<TState>
    where TState : new()
{
    TState State { get; set; }

    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync();

    Task WriteStateAsync();

    Task ClearStateAsync();
}
