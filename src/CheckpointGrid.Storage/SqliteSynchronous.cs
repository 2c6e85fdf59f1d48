namespace CheckpointGrid.Storage;

/// <summary>SQLite's <c>PRAGMA synchronous</c> for the store's write-ahead log: how far an acknowledged commit survives.</summary>
public enum SqliteSynchronous
{
    /// <summary>Every commit is fsync'ed before it is acknowledged: survives a process crash and a power loss or OS crash.</summary>
    Full = 0,

    /// <summary>
    /// The log is fsync'ed only at checkpoints: survives a process crash (kill -9), but a power loss or OS
    /// crash may lose the most recently acknowledged transactions (the database is never corrupted).
    /// </summary>
    Normal = 1,
}
