namespace CheckpointGrid.Abstractions.Watch;

/// <summary>
/// A scope's values as its grain published them: the key the hub files them under, their version (growing across
/// activations, see CountingGrain) and the encoded ScopeCounts, made once however many silos and watchers take it.
/// </summary>
[GenerateSerializer, Immutable, Alias("cg.ScopeUpdate")]
public sealed record ScopeUpdate([property: Id(0)] string ScopeKey, [property: Id(1)] ulong Version, [property: Id(2)] byte[] Encoded);
