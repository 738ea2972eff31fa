using System.Text.Json;
using JobHub.Runtime.Core;

namespace JobHub.Runtime.Storage;

/// <summary>
/// A grain's durable state bound to one storage provider. Remembers the JSON it last read or wrote,
/// so a graceful deactivation writes the state only if it changed since.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IActivationParticipant
    where TState : new()
{
    private readonly Activation _activation;
    private readonly IGrainStorage _storage;
    private readonly string _stateName;
    private readonly JsonSerializerOptions _json;
    private string? _persistedJson;

    public PersistentState(Activation activation, IGrainStorage storage, string stateName, JsonSerializerOptions json)
    {
        _activation = activation;
        _storage = storage;
        _stateName = stateName;
        _json = json;
    }

    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync()
    {
        var record = await _storage.ReadAsync(_stateName, _activation.GrainId);
        if (record is null)
        {
            State = new TState();
            Etag = null;
            RecordExists = false;
            _persistedJson = null;
            return;
        }

        State = JsonSerializer.Deserialize<TState>(record.PayloadJson, _json) ?? new TState();
        Etag = record.Etag;
        RecordExists = true;
        _persistedJson = record.PayloadJson;
    }

    public Task WriteStateAsync() => WriteAsync(JsonSerializer.Serialize(State, _json));

    public async Task ClearStateAsync()
    {
        try
        {
            await _storage.ClearAsync(_stateName, _activation.GrainId, Etag);
        }
        catch (InconsistentStateException)
        {
            _activation.DeactivateOnIdle(DeactivationReason.StaleState);
            throw;
        }

        State = new TState();
        Etag = null;
        RecordExists = false;
        _persistedJson = null;
    }

    Task IActivationParticipant.OnActivateAsync(CancellationToken cancellationToken) => ReadStateAsync();

    Task IActivationParticipant.OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason == DeactivationReason.StaleState)
        {
            return Task.CompletedTask; // newer state exists elsewhere: writing ours would be refused anyway
        }

        var json = JsonSerializer.Serialize(State, _json);
        var unchanged = _persistedJson is null ? json == JsonSerializer.Serialize(new TState(), _json) : json == _persistedJson;
        return unchanged ? Task.CompletedTask : WriteAsync(json);
    }

    private async Task WriteAsync(string json)
    {
        try
        {
            Etag = await _storage.WriteAsync(_stateName, _activation.GrainId, json, Etag);
        }
        catch (InconsistentStateException)
        {
            // Rule 2: a stale activation whose write conflicts steps aside, so the next call reloads fresh state.
            _activation.DeactivateOnIdle(DeactivationReason.StaleState);
            throw;
        }

        RecordExists = true;
        _persistedJson = json;
    }
}
