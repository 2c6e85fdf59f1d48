namespace CheckpointGrid.Storage.GroupCommit;

/// <summary>What one transaction did with its events and batches: events stored, events refused as duplicates, batches refused for their version.</summary>
internal readonly record struct WriteCounts(int Stored, int Duplicates, int Conflicts);
