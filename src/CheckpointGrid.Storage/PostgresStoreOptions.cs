using CheckpointGrid.Storage.Postgres;

namespace CheckpointGrid.Storage;

/// <summary>Where the cluster's PostgreSQL store lives and how it groups commits; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Storage:Postgres";

    /// <summary>The Npgsql connection string of the database every silo of the cluster shares (required).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The most batches one transaction gathers (group commit). Default 256.</summary>
    public int MaxBatchesPerTransaction { get; set; } = 256;

    /// <summary>How many batches may wait for the writer before <c>CommitAsync</c> waits for room (back-pressure). Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// How long a session of this store may sit in an open transaction waiting for the silo before PostgreSQL ends it
    /// (<c>idle_in_transaction_session_timeout</c>, set on the store's own connections). A silo that hangs mid-commit
    /// (stopped, swapped out, partitioned) holds its checkpoints' version rows locked, and every other silo's commits
    /// wait on them: this bounds how long. The writer sends a transaction in one round trip and commits at once, so a
    /// live silo never comes near it. 1 to 300 s; default 5 s.
    /// </summary>
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How a transaction writes its events: INSERT ... unnest by default, which measured faster here than binary COPY
    /// (it rides in the round trip that writes the counts; COPY is a round trip of its own). COPY is kept to measure
    /// against (the throughput program); not configuration.
    /// </summary>
    internal PostgresEventWrite EventWrite { get; set; } = PostgresEventWrite.Insert;
}
