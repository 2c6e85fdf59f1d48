using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core;
using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.InMemory;
using CatalogCheckpoint = CheckpointGrid.Core.Catalog.Checkpoint;

namespace CheckpointGrid.Storage;

/// <summary>
/// A store that keeps everything in process memory: nothing survives a restart. The reference the contract tests hold
/// every store to, and a stand-in for tests. Each commit is decided and applied whole under one lock, so it is its own
/// "transaction". Of events it keeps only the ids, which is all exactly-once needs; nothing stored is a caller's object.
/// </summary>
public sealed class InMemoryCrossingStore : ICrossingStore, ICatalogStore, ITokenRevocationStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CheckpointId, CheckpointRecord> _checkpoints = [];
    private readonly OrderedDictionary<CheckpointId, CatalogCheckpoint> _catalog = [];
    private readonly OrderedDictionary<string, TokenRevocation> _revocations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<CheckpointState> LoadAsync(CheckpointId checkpoint, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<CheckpointState>(cancellationToken);
        }

        lock (_gate)
        {
            if (!_checkpoints.TryGetValue(checkpoint, out var record))
            {
                return Task.FromResult(new CheckpointState(0, 0, null, [], new Dictionary<TerminalId, ulong>()));
            }

            var rows = new List<CountsRow>(record.Rows.Count);
            foreach (var ((kind, bucket), counts) in record.Rows)
            {
                rows.Add(new CountsRow(kind, bucket, Tally.FromProto(counts)));
            }
            return Task.FromResult(new CheckpointState(
                record.Version, record.ShelterOccupants, record.LastRecordedAt, rows, new Dictionary<TerminalId, ulong>(record.DurableSequences)));
        }
    }

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(CrossingBatch batch, CancellationToken cancellationToken)
    {
        CrossingBatchRules.Validate(batch);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<CommitResult>(cancellationToken);
        }

        var rows = batch.Counts.Rows;
        var encoded = new Counts[rows.Count];
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = rows[i].Tally.ToProto();
        }
        lock (_gate)
        {
            _checkpoints.TryGetValue(batch.Checkpoint, out var record);
            if ((record?.Version ?? 0) != batch.ExpectedVersion)
            {
                return Task.FromResult(CommitResult.VersionConflict);
            }
            if (FindDuplicates(record, batch.Events) is { } duplicates)
            {
                return Task.FromResult(CommitResult.DuplicateEvents(duplicates));
            }

            if (record is null)
            {
                record = new CheckpointRecord();
                _checkpoints.Add(batch.Checkpoint, record);
            }
            Apply(record, batch, encoded);
        }
        return Task.FromResult(CommitResult.Committed);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogCheckpoint>> LoadCatalogAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<CatalogCheckpoint>>(cancellationToken);
        }

        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CatalogCheckpoint>>([.. _catalog.Values]);
        }
    }

    /// <inheritdoc />
    public Task SaveCheckpointAsync(CatalogCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        // Checkpoint is an immutable record: keeping the caller's instance keeps nothing the caller can change.
        lock (_gate)
        {
            _catalog[checkpoint.Id] = checkpoint;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<(TokenRevocation InForce, bool Added)> RevokeTokenAsync(TokenRevocation revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<(TokenRevocation, bool)>(cancellationToken);
        }

        lock (_gate)
        {
            // TryAdd keeps the first revocation of a token, as the SQLite store's ON CONFLICT DO NOTHING does.
            var added = _revocations.TryAdd(revocation.TokenId, revocation);
            return Task.FromResult((_revocations[revocation.TokenId], added));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TokenRevocation>> LoadRevocationsAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<TokenRevocation>>(cancellationToken);
        }

        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TokenRevocation>>([.. _revocations.Values]);
        }
    }

    /// <summary>Indexes of the events whose id is stored or came earlier in the batch; null when there are none.</summary>
    private static List<int>? FindDuplicates(CheckpointRecord? record, IReadOnlyList<CrossingEvent> events)
    {
        List<int>? duplicates = null;
        var seen = new HashSet<string>(events.Count, StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var eventId = events[i].EventId;
            if (!seen.Add(eventId) || (record is not null && record.EventIds.Contains(eventId)))
            {
                (duplicates ??= []).Add(i);
            }
        }
        return duplicates;
    }

    private static void Apply(CheckpointRecord record, CrossingBatch batch, Counts[] encoded)
    {
        foreach (var crossing in batch.Events)
        {
            record.EventIds.Add(crossing.EventId);
        }

        var rows = batch.Counts.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            record.Rows[(rows[i].Kind, rows[i].Bucket)] = encoded[i];
        }
        RemoveStale(record, rows, BucketKind.Hour);
        RemoveStale(record, rows, BucketKind.Day);

        record.Version = batch.ExpectedVersion + 1;
        record.ShelterOccupants = batch.Counts.ShelterOccupants;
        record.LastRecordedAt = batch.Counts.LastRecordedAt;
        if (batch is { Terminal: { } terminal, DurableThrough: { } through }
            && (!record.DurableSequences.TryGetValue(terminal, out var known) || through > known))
        {
            record.DurableSequences[terminal] = through;
        }
    }

    private static void RemoveStale(CheckpointRecord record, IReadOnlyList<CountsRow> written, BucketKind kind)
    {
        if (!StaleRows.TryFind(written, kind, out var staleThrough))
        {
            return;
        }

        // Removing while enumerating is allowed for Dictionary (since .NET Core 3.0).
        foreach (var key in record.Rows.Keys)
        {
            if (key.Kind == kind && key.Bucket <= staleThrough)
            {
                record.Rows.Remove(key);
            }
        }
    }
}
