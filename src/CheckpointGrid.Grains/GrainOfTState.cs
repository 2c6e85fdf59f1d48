namespace CheckpointGrid.Grains;

/// <summary>
/// A grain with persistent state: read from <see cref="Storage.IGrainStorage"/> before OnActivateAsync,
/// written only when the grain says so. Concurrent writers are refused by version, not merged.
/// </summary>
public abstract class Grain<TState> : Grain where TState : class, new()
{
    // Invariant: the storage version State was read at or last written as; 0 while nothing is stored.
    private long _version;

    /// <summary>The grain's state; a fresh instance when nothing is stored.</summary>
    protected TState State { get; set; } = new();

    internal override async Task ActivateCoreAsync(CancellationToken cancellationToken)
    {
        await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        await OnActivateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces <see cref="State"/> with what is stored.</summary>
    protected async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await Activation.Catalog.Storage.ReadAsync<TState>(Id, cancellationToken).ConfigureAwait(false);
        State = stored.State ?? new TState();
        _version = stored.Version;
    }

    /// <summary>Stores <see cref="State"/>.</summary>
    /// <exception cref="Storage.GrainStorageConflictException">Someone else wrote this grain's state since it was read.</exception>
    protected async Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        _version = await Activation.Catalog.Storage.WriteAsync(Id, State, _version, cancellationToken).ConfigureAwait(false);

    /// <summary>Removes the stored state and resets <see cref="State"/> to a fresh instance.</summary>
    protected async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await Activation.Catalog.Storage.ClearAsync(Id, _version, cancellationToken).ConfigureAwait(false);
        State = new TState();
        _version = 0;
    }
}
