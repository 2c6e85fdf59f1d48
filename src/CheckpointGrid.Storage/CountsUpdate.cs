using CheckpointGrid.Core.Counting;

namespace CheckpointGrid.Storage;

/// <summary>
/// A checkpoint's counts as a batch leaves them, to store with its events: the occupancy and last recorded time,
/// and the rows that changed (from <see cref="ScopeCounter.RowsTouchedBy"/>; each replaces the stored row of its
/// kind and bucket). The store encodes the rows when the batch is handed to it: changing them afterwards changes nothing stored.
/// </summary>
public sealed record CountsUpdate(long ShelterOccupants, DateTimeOffset? LastRecordedAt, IReadOnlyList<CountsRow> Rows);
