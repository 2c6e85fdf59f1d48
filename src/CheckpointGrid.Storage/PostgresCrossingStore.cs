using System.Diagnostics.Metrics;
using CheckpointGrid.Core;
using CheckpointGrid.Storage.Diagnostics;
using CheckpointGrid.Storage.GroupCommit;
using CheckpointGrid.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using CatalogCheckpoint = CheckpointGrid.Core.Catalog.Checkpoint;

namespace CheckpointGrid.Storage;

/// <summary>
/// The cluster's store: one PostgreSQL database that every silo shares. Commits from every checkpoint of this silo go
/// through a bounded queue to one writer loop, which writes all the batches waiting in one transaction (group commit)
/// and completes each only after COMMIT. Each batch commits only on top of the checkpoint version it read, checked
/// under a row lock, so two silos (two activations of a checkpoint) can never both count. The schema is created or
/// migrated when the store opens. If the database restarts, the batches in flight fail and later ones commit once it
/// is back. Disposing writes every batch already queued, then closes the pool. It keeps the catalog and the revoked tokens too.
/// </summary>
public sealed class PostgresCrossingStore : ICrossingStore, ICatalogStore, ITokenRevocationStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly CommitQueue _queue;
    private readonly PostgresGroupCommitter _committer;
    private readonly ILogger _logger;
    private readonly Meter? _ownedMeter;
    private readonly string _database;
    private int _disposed;

    private PostgresCrossingStore(
        NpgsqlDataSource dataSource, string database, PostgresStoreOptions options, ILogger logger, Meter meter, bool ownsMeter, TimeProvider timeProvider,
        Action? beforeDrain)
    {
        _dataSource = dataSource;
        _database = database;
        _logger = logger;
        _ownedMeter = ownsMeter ? meter : null;
        _queue = new CommitQueue(options.QueueCapacity, timeProvider, "PostgreSQL");
        var metrics = new StorageMetrics(meter, "postgres");
        _committer = new PostgresGroupCommitter(
            _queue, dataSource, new PostgresBatchWriter(dataSource, options.EventWrite), options.MaxBatchesPerTransaction, metrics, logger, timeProvider, beforeDrain);
        Ready = EnsureSchemaAsync();
        _committer.Start(Ready);
    }

    /// <summary>Completes when the schema is ready (created or migrated); faults if it cannot be, and then so does every call.</summary>
    internal Task Ready { get; }

    /// <summary>
    /// Opens the store on the database <paramref name="options"/> name: creates or migrates the schema and starts the
    /// writer. Throws <see cref="OptionsValidationException"/> for invalid options, <see cref="NpgsqlException"/> when
    /// the database cannot be reached, and <see cref="InvalidOperationException"/> for a schema written by a newer build.
    /// </summary>
    public static async Task<PostgresCrossingStore> OpenAsync(
        PostgresStoreOptions options,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default) =>
        await OpenAsync(options, loggerFactory, meterFactory, timeProvider, beforeDrain: null, cancellationToken).ConfigureAwait(false);

    /// <summary>As the public overload; <paramref name="beforeDrain"/> runs in the writer loop each time it wakes for work, before it takes batches from the queue (a test hook).</summary>
    internal static async Task<PostgresCrossingStore> OpenAsync(
        PostgresStoreOptions options,
        ILoggerFactory? loggerFactory,
        IMeterFactory? meterFactory,
        TimeProvider? timeProvider,
        Action? beforeDrain,
        CancellationToken cancellationToken)
    {
        var store = Start(options, loggerFactory, meterFactory, timeProvider, beforeDrain);
        try
        {
            await store.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return store;
    }

    /// <summary>
    /// Creates the store and starts making its schema ready, without waiting (the host's opener awaits <see cref="Ready"/>);
    /// calls made meanwhile wait for it. Throws <see cref="OptionsValidationException"/> for invalid options.
    /// </summary>
    internal static PostgresCrossingStore Start(
        PostgresStoreOptions options, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory, TimeProvider? timeProvider, Action? beforeDrain = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new PostgresStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgresStoreOptions), validation.Failures);
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(StorageDiagnostics.LoggerCategory);
        var builder = new NpgsqlDataSourceBuilder(SessionConnectionString(options));
        // Named without the password, for logs and messages.
        var database = $"{builder.ConnectionStringBuilder.Host}:{builder.ConnectionStringBuilder.Port}/{builder.ConnectionStringBuilder.Database}";
        var meter = meterFactory?.Create(StorageDiagnostics.MeterName) ?? new Meter(StorageDiagnostics.MeterName);
        return new PostgresCrossingStore(
            builder.Build(), database, options, logger, meter, ownsMeter: meterFactory is null, timeProvider ?? TimeProvider.System, beforeDrain);
    }

    /// <summary>
    /// The connection string of the store's sessions: <paramref name="options"/>' own, with statements prepared
    /// automatically (unless it says otherwise) and the idle-in-transaction timeout set on every session.
    /// </summary>
    internal static string SessionConnectionString(PostgresStoreOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            // The writer and the readers run the same few statements all the time: let Npgsql prepare them (unless the
            // connection string says otherwise), so PostgreSQL does not parse and plan them again for every transaction.
            builder.MaxAutoPrepare = 32;
        }
        // A hung silo's open transaction must not hold the cluster's version rows for ever (see the option).
        var idle = $"-c idle_in_transaction_session_timeout={(long)options.IdleInTransactionTimeout.TotalMilliseconds}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? idle : $"{builder.Options} {idle}";
        return builder.ConnectionString;
    }

    /// <inheritdoc />
    public async Task<CheckpointState> LoadAsync(CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        await ReadyForCallAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresCheckpointReader.LoadAsync(_dataSource, checkpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Waits for room while the queue is full. Cancelling gives up waiting; the batch may still be committed (it is
    /// skipped if the writer has not reached it yet), so a cancelled commit is of unknown outcome and is resent like a
    /// failed one. A batch whose transaction failed throws <see cref="PostgresCommitException"/>. Throws
    /// <see cref="ObjectDisposedException"/> once the store is closing.
    /// </remarks>
    public Task<CommitResult> CommitAsync(CrossingBatch batch, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(batch, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CatalogCheckpoint>> LoadCatalogAsync(CancellationToken cancellationToken)
    {
        await ReadyForCallAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresCatalog.LoadAsync(_dataSource, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SaveCheckpointAsync(CatalogCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await ReadyForCallAsync(cancellationToken).ConfigureAwait(false);
        await PostgresCatalog.SaveAsync(_dataSource, checkpoint.ToProto(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<(TokenRevocation InForce, bool Added)> RevokeTokenAsync(TokenRevocation revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        await ReadyForCallAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresRevocations.RevokeAsync(_dataSource, revocation, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TokenRevocation>> LoadRevocationsAsync(CancellationToken cancellationToken)
    {
        await ReadyForCallAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresRevocations.LoadAsync(_dataSource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes every batch already queued, then closes the connection pool. Commits after this starts are refused.</summary>
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
            // The writer waits for the schema first, so once it has stopped nothing uses the pool.
            await _committer.Stopped.ConfigureAwait(false);
        }
        finally
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
            _ownedMeter?.Dispose();
        }
        StorageLog.PostgresClosed(_logger, _database);
    }

    /// <inheritdoc cref="DisposeAsync" />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task EnsureSchemaAsync()
    {
        // Off the constructor's thread: the caller gets the store at once and awaits Ready.
        await Task.Yield();
        var found = await PostgresSchema.EnsureAsync(_dataSource, _database, CancellationToken.None).ConfigureAwait(false);
        if (found != PostgresSchema.CurrentVersion)
        {
            StorageLog.PostgresSchemaMigrated(_logger, _database, found, PostgresSchema.CurrentVersion);
        }
        StorageLog.PostgresOpened(_logger, _database, PostgresSchema.CurrentVersion);
    }

    private Task ReadyForCallAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Ready.IsCompletedSuccessfully ? Task.CompletedTask : Ready.WaitAsync(cancellationToken);
    }
}
