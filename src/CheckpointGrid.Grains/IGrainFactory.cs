namespace CheckpointGrid.Grains;

/// <summary>Hands out references to grains. A reference is a small value: getting one never activates anything.</summary>
public interface IGrainFactory
{
    /// <summary>The grain registered as <typeparamref name="TGrain"/> with this key.</summary>
    /// <exception cref="ArgumentException">No grain type is registered as <typeparamref name="TGrain"/>.</exception>
    GrainRef<TGrain> GetGrain<TGrain>(string key) where TGrain : class;

    /// <summary>The grain registered as <typeparamref name="TGrain"/> with an integer key.</summary>
    GrainRef<TGrain> GetGrain<TGrain>(long key) where TGrain : class;

    /// <summary>The grain registered as <typeparamref name="TGrain"/> with a Guid key.</summary>
    GrainRef<TGrain> GetGrain<TGrain>(Guid key) where TGrain : class;
}
