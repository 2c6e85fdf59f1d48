using Microsoft.Extensions.Logging;

namespace CheckpointGrid.Storage.Diagnostics;

/// <summary>The storage subsystem's log messages.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1, LogLevel.Information, "SQLite crossing store open at {Path} (schema version {SchemaVersion}, journal WAL, synchronous {Synchronous}).")]
    public static partial void Opened(ILogger logger, string path, long schemaVersion, SqliteSynchronous synchronous);

    [LoggerMessage(2, LogLevel.Information, "SQLite schema of {Path} moved from version {From} to {To}.")]
    public static partial void SchemaMigrated(ILogger logger, string path, long from, long to);

    [LoggerMessage(3, LogLevel.Error, "A transaction of {Batches} batches ({Events} events) failed and was rolled back; every batch in it failed and may be resent.")]
    public static partial void TransactionFailed(ILogger logger, int batches, int events, Exception exception);

    [LoggerMessage(4, LogLevel.Critical, "The SQLite writer stopped on an unexpected error; batches queued and to come fail.")]
    public static partial void WriterFaulted(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "SQLite crossing store at {Path} closed: every queued batch was written first.")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(6, LogLevel.Debug, "Committed {Batches} batches in one transaction: {Stored} events stored, {Duplicates} duplicates refused, {Conflicts} batches refused for their version, in {ElapsedMs:F2} ms.")]
    public static partial void Committed(ILogger logger, int batches, int stored, int duplicates, int conflicts, double elapsedMs);

    [LoggerMessage(7, LogLevel.Debug, "Checkpointed the WAL: {Copied} pages copied into the database in {ElapsedMs:F2} ms.")]
    public static partial void WalCheckpointed(ILogger logger, int copied, double elapsedMs);

    [LoggerMessage(8, LogLevel.Warning, "Checkpointing the WAL failed; the next request tries again (the writer checkpoints itself if the log grows far).")]
    public static partial void WalCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "PostgreSQL crossing store open on {Database} (store schema version {SchemaVersion}).")]
    public static partial void PostgresOpened(ILogger logger, string database, int schemaVersion);

    [LoggerMessage(10, LogLevel.Information, "PostgreSQL store schema of {Database} moved from version {From} to {To}.")]
    public static partial void PostgresSchemaMigrated(ILogger logger, string database, int from, int to);

    [LoggerMessage(11, LogLevel.Critical, "The PostgreSQL writer stopped (its schema could not be made ready, or an unexpected error); batches queued and to come fail.")]
    public static partial void PostgresWriterFaulted(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "PostgreSQL crossing store on {Database} closed: every queued batch was written (or failed) first.")]
    public static partial void PostgresClosed(ILogger logger, string database);
}
