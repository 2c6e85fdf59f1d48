using System.Diagnostics.Metrics;
using CheckpointGrid.Core;
using CheckpointGrid.Storage.Diagnostics;
using CheckpointGrid.Storage.GroupCommit;
using CheckpointGrid.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using CatalogCheckpoint = CheckpointGrid.Core.Catalog.Checkpoint;

namespace CheckpointGrid.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode under the data directory. Commits from every
/// checkpoint go through a bounded queue to one writer thread, which writes all the batches waiting in
/// one transaction (group commit) and completes each only after that transaction has committed.
/// Disposing writes every batch already queued, then closes the file. It keeps the catalog and the revoked tokens too.
/// </summary>
public sealed class SqliteCrossingStore : ICrossingStore, ICatalogStore, ITokenRevocationStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly CommitQueue _queue;
    private readonly SqliteGroupCommitter _committer;
    private readonly SqliteWalCheckpointer _checkpointer;
    private readonly ILogger _logger;
    private readonly Meter? _ownedMeter;
    private int _disposed;

    private SqliteCrossingStore(
        SqliteDatabase database, SqliteBatchWriter writer, SqliteStoreOptions options, ILogger logger,
        Meter meter, bool ownsMeter, TimeProvider timeProvider, Action? beforeDrain)
    {
        _database = database;
        _logger = logger;
        _ownedMeter = ownsMeter ? meter : null;
        _queue = new CommitQueue(options.QueueCapacity, timeProvider, "SQLite");
        var metrics = new StorageMetrics(meter, "sqlite");
        _checkpointer = new SqliteWalCheckpointer(database, metrics, logger);
        _committer = new SqliteGroupCommitter(
            _queue, database, writer, options.MaxBatchesPerTransaction, metrics, logger, timeProvider, _checkpointer, beforeDrain);
        _committer.Start();
    }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath => _database.Path;

    /// <summary>
    /// Opens (creating if needed) the database that <paramref name="options"/> name and starts the writer.
    /// Throws <see cref="OptionsValidationException"/> for invalid options and <see cref="InvalidOperationException"/>
    /// for a database written by a newer build.
    /// </summary>
    public static SqliteCrossingStore Open(
        SqliteStoreOptions options,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null) =>
        Open(options, loggerFactory, meterFactory, timeProvider, beforeDrain: null);

    /// <summary>As the public overload; <paramref name="beforeDrain"/> runs on the writer thread each time it wakes for work, before it takes batches from the queue (a test hook).</summary>
    internal static SqliteCrossingStore Open(
        SqliteStoreOptions options,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        TimeProvider? timeProvider,
        Action? beforeDrain)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new SqliteStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteStoreOptions), validation.Failures);
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(StorageDiagnostics.LoggerCategory);
        var database = new SqliteDatabase(options);
        Directory.CreateDirectory(Path.GetDirectoryName(database.Path)!);
        var connection = database.OpenWriter();
        long found;
        try
        {
            found = SqliteSchema.Ensure(connection, database.Path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        if (found != SqliteSchema.CurrentVersion)
        {
            StorageLog.SchemaMigrated(logger, database.Path, found, SqliteSchema.CurrentVersion);
        }
        var writer = SqliteBatchWriter.Over(connection);

        var meter = meterFactory?.Create(StorageDiagnostics.MeterName) ?? new Meter(StorageDiagnostics.MeterName);
        StorageLog.Opened(logger, database.Path, SqliteSchema.CurrentVersion, options.Synchronous);
        return new SqliteCrossingStore(
            database, writer, options, logger, meter, ownsMeter: meterFactory is null, timeProvider ?? TimeProvider.System, beforeDrain);
    }

    /// <inheritdoc />
    public Task<CheckpointState> LoadAsync(CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Microsoft.Data.Sqlite's async calls run synchronously: read on the pool, not on the caller's turn.
        return Task.Run(() => SqliteCheckpointReader.Load(_database, checkpoint, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Waits for room while the queue is full. Cancelling gives up waiting; the batch may still be committed
    /// (it is skipped if the writer has not reached it yet), so a cancelled commit is of unknown outcome and
    /// is resent like a failed one. Throws <see cref="ObjectDisposedException"/> once the store is closing.
    /// </remarks>
    public Task<CommitResult> CommitAsync(CrossingBatch batch, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(batch, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogCheckpoint>> LoadCatalogAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() => SqliteCatalog.Load(_database), cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveCheckpointAsync(CatalogCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var entry = checkpoint.ToProto();
        return Task.Run(() => SqliteCatalog.Save(_database, entry), cancellationToken);
    }

    /// <inheritdoc />
    public Task<(TokenRevocation InForce, bool Added)> RevokeTokenAsync(TokenRevocation revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() => SqliteRevocations.Revoke(_database, revocation), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TokenRevocation>> LoadRevocationsAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() => SqliteRevocations.Load(_database), cancellationToken);
    }

    /// <summary>Writes every batch already queued, then closes the database. Commits after this starts are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _committer.Stopped.ConfigureAwait(false);
            return;
        }
        _queue.Complete();
        try
        {
            await _committer.Stopped.ConfigureAwait(false);
        }
        finally
        {
            _checkpointer.Dispose();
            _database.ClearReaderPool();
            _ownedMeter?.Dispose();
        }
        StorageLog.Closed(_logger, _database.Path);
    }

    /// <inheritdoc cref="DisposeAsync" />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
