using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace CheckpointGrid.Cli.Outbox;

/// <summary>
/// A terminal's local outbox: a SQLite file (WAL) where every event is written, and numbered,
/// before anything is sent. Sequences are assigned at insert, in the same transaction, contiguous
/// from 1; an event stays until the server has acknowledged it. Thread-safe; one process owns the
/// file while it is open.
/// </summary>
public sealed partial class EventOutbox : IDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private ulong _last;
    private ulong _ackedThrough;
    private bool _synced;
    private bool _disposed;

    private EventOutbox(string path, SqliteConnection connection, CheckpointId checkpoint, TerminalId terminal, OutboxOptions options, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        Checkpoint = checkpoint;
        Terminal = terminal;
        _options = options;
        _time = time;
    }

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    /// <summary>The checkpoint whose sequence space the outbox numbers in.</summary>
    public CheckpointId Checkpoint { get; }

    /// <summary>The terminal whose events the outbox holds.</summary>
    public TerminalId Terminal { get; }

    /// <summary>The highest sequence assigned; 0 when none was.</summary>
    public ulong LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>Every event up to this sequence is settled on the server (counted, duplicate or rejected).</summary>
    public ulong AcknowledgedThrough
    {
        get
        {
            lock (_gate)
            {
                return _ackedThrough;
            }
        }
    }

    /// <summary>Events recorded and not yet acknowledged.</summary>
    public long Backlog
    {
        get
        {
            lock (_gate)
            {
                return (long)(_last - _ackedThrough);
            }
        }
    }

    /// <summary>
    /// Opens the outbox at <paramref name="path"/>, creating it for this checkpoint and terminal, or
    /// reopening it as left. Throws <see cref="InvalidOperationException"/> when the file belongs to
    /// another checkpoint or terminal, or another process has it open.
    /// </summary>
    public static EventOutbox Open(string path, CheckpointId checkpoint, TerminalId terminal, OutboxOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (checkpoint == default || terminal == default)
        {
            throw new ArgumentException("The outbox needs a checkpoint and a terminal.");
        }

        return OpenCore(path, (checkpoint, terminal), options, time);
    }

    /// <summary>Opens an outbox that exists, for the terminal it was made for (e.g. to inspect it).</summary>
    public static EventOutbox OpenExisting(string path, OutboxOptions? options = null, TimeProvider? time = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No outbox at {path}.", path);
        }

        return OpenCore(path, null, options, time);
    }

    /// <summary>
    /// Writes events in one transaction and returns the sequence of the last (the current last
    /// sequence when the list is empty). Each event gets the next sequence, set on it; an event with
    /// no event_id gets a new UUID. When this returns, the events are on disk.
    /// </summary>
    public ulong Append(IReadOnlyList<CrossingEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (events.Count == 0)
            {
                return _last;
            }

            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO outbox_events (sequence, event_id, recorded_at, payload) VALUES ($sequence, $event_id, $recorded_at, $payload);";
            var sequenceParameter = insert.Parameters.Add("$sequence", SqliteType.Integer);
            var eventIdParameter = insert.Parameters.Add("$event_id", SqliteType.Text);
            var recordedAtParameter = insert.Parameters.Add("$recorded_at", SqliteType.Integer);
            var payloadParameter = insert.Parameters.Add("$payload", SqliteType.Blob);
            recordedAtParameter.Value = _time.GetUtcNow().ToUnixTimeMilliseconds();

            var sequence = _last;
            for (var i = 0; i < events.Count; i++)
            {
                var crossing = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
                if (crossing.EventId.Length == 0)
                {
                    crossing.EventId = Guid.CreateVersion7().ToString("N");
                }

                sequence++;
                // The payload carries no sequence: a renumbering (see Resync) moves only the column.
                crossing.Sequence = 0;
                payloadParameter.Value = crossing.ToByteArray();
                crossing.Sequence = sequence;
                sequenceParameter.Value = checked((long)sequence);
                eventIdParameter.Value = crossing.EventId;
                insert.ExecuteNonQuery();
            }

            WriteState(transaction, sequence, _ackedThrough, _synced);
            transaction.Commit();
            _last = sequence;
            return sequence;
        }
    }

    /// <summary>Writes one event; see <see cref="Append(IReadOnlyList{CrossingEvent})"/>.</summary>
    public ulong Append(CrossingEvent crossing) => Append([crossing]);

    /// <summary>
    /// Up to <paramref name="maxEvents"/> consecutive events from <paramref name="fromSequence"/> on,
    /// with their sequences set, stopping before <paramref name="maxBytes"/> of payload (but never
    /// returning none while there are events). Empty when nothing is at or after that sequence.
    /// </summary>
    public IReadOnlyList<CrossingEvent> Read(ulong fromSequence, int maxEvents, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1UL);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (fromSequence > _last)
            {
                return [];
            }

            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT sequence, payload FROM outbox_events WHERE sequence >= $from ORDER BY sequence LIMIT $limit;";
            select.Parameters.AddWithValue("$from", checked((long)fromSequence));
            select.Parameters.AddWithValue("$limit", maxEvents);
            using var reader = select.ExecuteReader();
            var events = new List<CrossingEvent>(Math.Min(maxEvents, (int)Math.Min(_last - fromSequence + 1, int.MaxValue)));
            var expected = fromSequence;
            var bytes = 0L;
            while (reader.Read())
            {
                var sequence = (ulong)reader.GetInt64(0);
                if (sequence != expected)
                {
                    throw new InvalidOperationException(
                        $"Outbox {Path} has no event at sequence {expected} (next held: {sequence}): it cannot send a contiguous batch.");
                }

                var payload = (byte[])reader.GetValue(1);
                bytes += payload.Length + 16;
                if (events.Count > 0 && bytes > maxBytes)
                {
                    break;
                }

                var crossing = CrossingEvent.Parser.ParseFrom(payload);
                crossing.Sequence = sequence;
                events.Add(crossing);
                expected++;
            }

            if (events.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Outbox {Path} has no event at sequence {fromSequence} although it numbered up to {_last}: it was pruned or damaged.");
            }

            return events;
        }
    }

    /// <summary>
    /// Records an ack: every event through <paramref name="durableThrough"/> is settled on the server,
    /// and the rejected ones are kept (with the event and the server's field and reason) for
    /// operators. Prunes acknowledged events beyond <see cref="OutboxOptions.RetainAcknowledged"/>.
    /// Returns how many events this newly acknowledged.
    /// </summary>
    public ulong Acknowledge(ulong durableThrough, IReadOnlyList<EventRejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        lock (_gate)
        {
            ThrowIfDisposed();
            var acked = Math.Max(_ackedThrough, Math.Min(durableThrough, _last));
            if (acked == _ackedThrough && rejections.Count == 0)
            {
                return 0;
            }

            using var transaction = _connection.BeginTransaction();
            if (rejections.Count > 0)
            {
                InsertRejections(transaction, rejections);
            }

            WriteState(transaction, _last, acked, _synced);
            var keepFrom = (long)acked - _options.RetainAcknowledged;
            if (keepFrom > 0)
            {
                using var prune = _connection.CreateCommand();
                prune.Transaction = transaction;
                prune.CommandText = "DELETE FROM outbox_events WHERE sequence <= $through;";
                prune.Parameters.AddWithValue("$through", keepFrom);
                prune.ExecuteNonQuery();
            }

            transaction.Commit();
            var newly = acked - _ackedThrough;
            _ackedThrough = acked;
            return newly;
        }
    }

    /// <summary>The rejections kept, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<OutboxRejection> Rejections(int limit = 100)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT sequence, event_id, field, reason, rejected_at FROM outbox_rejections ORDER BY id DESC LIMIT $limit;";
            select.Parameters.AddWithValue("$limit", limit);
            using var reader = select.ExecuteReader();
            var list = new List<OutboxRejection>();
            while (reader.Read())
            {
                list.Add(new OutboxRejection(
                    (ulong)reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }

            return list;
        }
    }

    /// <summary>How many rejections the outbox keeps.</summary>
    public long RejectionCount()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var count = _connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM outbox_rejections;";
            return (long)count.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private static EventOutbox OpenCore(string path, (CheckpointId Checkpoint, TerminalId Terminal)? identity, OutboxOptions? options, TimeProvider? time)
    {
        options ??= new OutboxOptions();
        options.Validate();
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 2,
        }.ToString());
        try
        {
            connection.Open();
            OutboxSchema.Configure(connection, options.SyncEveryCommit);
            var outbox = LoadOrCreate(path, connection, identity, options, time ?? TimeProvider.System);
            return outbox;
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            connection.Dispose();
            throw new InvalidOperationException($"Outbox {path} is in use by another process (an agent already runs on it).", error);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
