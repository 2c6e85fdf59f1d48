namespace CheckpointGrid.Storage;

/// <summary>Where and how the embedded SQLite store keeps events; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Storage:Sqlite";

    /// <summary>The folder that holds the database (created if missing). Default "data", relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The database file's name inside <see cref="DataDirectory"/>. Default "checkpointgrid.db".</summary>
    public string FileName { get; set; } = "checkpointgrid.db";

    /// <summary>
    /// How durable an acknowledged commit is. Default <see cref="SqliteSynchronous.Full"/>: an ack is a
    /// promise the terminal will never be asked to keep the event for, so it must survive a power loss too.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>The most batches one transaction gathers (group commit). Default 256.</summary>
    public int MaxBatchesPerTransaction { get; set; } = 256;

    /// <summary>How many batches may wait for the writer before <c>CommitAsync</c> waits for room (back-pressure). Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// How many pages (4 KiB each) the write-ahead log may hold before the writer copies it into the database
    /// (a checkpoint). Larger means fewer, longer checkpoints and less writing in all (a page changed many times
    /// between checkpoints is copied once) at the cost of disk and of a longer pause for the commit that runs
    /// the checkpoint. 1000 to 1048576; default 16384 (64 MiB), where throughput with random event ids had
    /// levelled off and the pause stayed near 0.1 s.
    /// </summary>
    public int WalCheckpointPages { get; set; } = 16_384;

    /// <summary>How long a statement retries while another process holds the database locked. Whole seconds, 1 to 3600. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The database file's path.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, FileName);
}
