using System.Text.Json;

namespace CheckpointGrid.Grains.Storage;

/// <summary>
/// <see cref="IGrainStorage"/> in process memory: state outlives activations, not the process. It keeps
/// a JSON copy, as a durable store would, so a grain's later changes never leak into what is stored.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, (byte[] Json, long Version)> _records = [];

    public Task<StoredState<TState>> ReadAsync<TState>(GrainId id, CancellationToken cancellationToken)
    {
        (byte[] Json, long Version) record;
        lock (_lock)
        {
            if (!_records.TryGetValue(id, out record))
            {
                return Task.FromResult(default(StoredState<TState>));
            }
        }
        return Task.FromResult(new StoredState<TState>(JsonSerializer.Deserialize<TState>(record.Json), record.Version));
    }

    public Task<long> WriteAsync<TState>(GrainId id, TState state, long expectedVersion, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(state);
        lock (_lock)
        {
            var stored = _records.TryGetValue(id, out var record) ? record.Version : 0;
            if (stored != expectedVersion)
            {
                return Task.FromException<long>(GrainStorageConflictException.For(id, expectedVersion, stored));
            }
            _records[id] = (json, stored + 1);
            return Task.FromResult(stored + 1);
        }
    }

    public Task ClearAsync(GrainId id, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var stored = _records.TryGetValue(id, out var record) ? record.Version : 0;
            if (stored != expectedVersion)
            {
                return Task.FromException(GrainStorageConflictException.For(id, expectedVersion, stored));
            }
            _records.Remove(id);
            return Task.CompletedTask;
        }
    }
}
