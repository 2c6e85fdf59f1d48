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
    /// How many pages (4 KiB each) the writer appends to the write-ahead log before a background thread copies the
    /// log into the database (a checkpoint, on a connection of its own, never blocking the writer). Larger means
    /// fewer checkpoints and less writing in all (a page changed many times between checkpoints is copied once) at
    /// the cost of disk. Should that thread fall behind, the writer checkpoints in line at four times this.
    /// 1000 to 1048576; default 16384 (64 MiB), where throughput with random event ids had levelled off.
    /// </summary>
    public int WalCheckpointPages { get; set; } = 16_384;

    /// <summary>How long a statement retries while another process holds the database locked. Whole seconds, 1 to 3600. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The database file's path.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, FileName);
}
