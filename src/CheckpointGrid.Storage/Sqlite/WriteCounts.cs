namespace CheckpointGrid.Storage.Sqlite;

/// <summary>How many events one transaction stored and how many it found already stored.</summary>
internal readonly record struct WriteCounts(int Stored, int Duplicates);
