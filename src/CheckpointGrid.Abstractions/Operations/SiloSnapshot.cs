namespace CheckpointGrid.Abstractions.Operations;

/// <summary>
/// A silo's numbers at one moment, read from the project's own instruments on that silo: events newly counted per
/// second over the last few seconds and since start, open Ingest streams, watchers, active grains by type, and the
/// changes roll-up grains (regions, the nation) received from their children since start, by type.
/// </summary>
[GenerateSerializer, Immutable, Alias("cg.SiloSnapshot")]
public sealed record SiloSnapshot(
    [property: Id(0)] string ServerVersion,
    [property: Id(1)] double IngestEventsPerSecond,
    [property: Id(2)] long EventsAccepted,
    [property: Id(3)] long OpenIngestStreams,
    [property: Id(4)] long Watchers,
    [property: Id(5)] IReadOnlyDictionary<string, long> ActiveGrains,
    [property: Id(6)] IReadOnlyDictionary<string, long> RollupUpdates);
