using CheckpointGrid.Core.Counting;
using CheckpointGrid.Storage.GroupCommit;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>
/// What one transaction writes for a group, decided in memory from the versions the transaction has locked: each
/// batch in order is refused for its version or its duplicate events (its outcome set), or accepted. The accepted
/// batches' state is folded as writing them one after the other would leave it, so that each table takes one
/// statement: per checkpoint the last version and occupancy, per counts row the last tally (minus the rows a later
/// batch's bound made stale), per terminal the highest sequence.
/// </summary>
internal sealed class PostgresGroupPlan
{
    private readonly Dictionary<string, long> _versions;
    private readonly Dictionary<string, HashSet<string>> _groupEventIds = new(StringComparer.Ordinal);

    private PostgresGroupPlan(Dictionary<string, long> lockedVersions)
    {
        _versions = new Dictionary<string, long>(lockedVersions, StringComparer.Ordinal);
        LockedVersions = lockedVersions;
    }

    /// <summary>Each checkpoint's version as the transaction locked it (the condition of its version update).</summary>
    public IReadOnlyDictionary<string, long> LockedVersions { get; }

    /// <summary>The accepted batches, in group order: their events are written.</summary>
    public List<PendingCommit> Accepted { get; } = [];

    /// <summary>Per checkpoint written, its state after its last accepted batch.</summary>
    public Dictionary<string, (long Version, long ShelterOccupants, long? LastRecordedAt)> States { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts rows to upsert, each with the tally of the last accepted batch that wrote it.</summary>
    public Dictionary<(string Checkpoint, BucketKind Kind, int Bucket), byte[]> Rows { get; } = [];

    /// <summary>Per checkpoint and kind, the bucket through which stored rows are stale (deleted before <see cref="Rows"/> are written).</summary>
    public Dictionary<(string Checkpoint, BucketKind Kind), long> StaleThrough { get; } = [];

    /// <summary>Per checkpoint and terminal, the highest durable sequence of the accepted batches.</summary>
    public Dictionary<(string Checkpoint, string Terminal), long> Sequences { get; } = [];

    public WriteCounts Counts { get; private set; }

    /// <summary>
    /// Decides every batch of <paramref name="group"/>. <paramref name="stored"/> are the (checkpoint, event id) pairs
    /// of the group already in the events table, or null when not looked up (then only repeats within the group are
    /// found, and a stored one surfaces as a unique violation that sends the group round again with the lookup).
    /// </summary>
    public static PostgresGroupPlan Decide(List<PendingCommit> group, Dictionary<string, long> lockedVersions, HashSet<(string, string)>? stored)
    {
        var plan = new PostgresGroupPlan(lockedVersions);
        foreach (var pending in group)
        {
            pending.Outcome = plan.Decide(pending, stored);
        }
        return plan;
    }

    private CommitResult Decide(PendingCommit pending, HashSet<(string, string)>? stored)
    {
        var batch = pending.Batch;
        var checkpoint = batch.Checkpoint.Value;
        if (_versions[checkpoint] != (long)batch.ExpectedVersion)
        {
            Counts = Counts with { Conflicts = Counts.Conflicts + 1 };
            return CommitResult.VersionConflict;
        }
        if (FindDuplicates(checkpoint, batch, stored) is { } duplicates)
        {
            Counts = Counts with { Duplicates = Counts.Duplicates + duplicates.Count };
            return CommitResult.DuplicateEvents(duplicates);
        }

        Accepted.Add(pending);
        Counts = Counts with { Stored = Counts.Stored + batch.Events.Count };
        var version = (long)batch.ExpectedVersion + 1;
        _versions[checkpoint] = version;
        var counts = batch.Counts;
        States[checkpoint] = (version, counts.ShelterOccupants, counts.LastRecordedAt is { } last ? UnixNanoseconds.From(last) : null);
        for (var i = 0; i < counts.Rows.Count; i++)
        {
            Rows[(checkpoint, counts.Rows[i].Kind, counts.Rows[i].Bucket)] = pending.Tallies[i];
        }
        DropStale(checkpoint, counts.Rows, BucketKind.Hour);
        DropStale(checkpoint, counts.Rows, BucketKind.Day);
        if (batch is { Terminal: { } terminal, DurableThrough: { } through }
            && (!Sequences.TryGetValue((checkpoint, terminal.Value), out var known) || (long)through > known))
        {
            Sequences[(checkpoint, terminal.Value)] = (long)through;
        }
        return CommitResult.Committed;
    }

    /// <summary>Indexes of the events stored already, or accepted earlier in the group, or earlier in the batch; null when none (the batch's ids are then taken).</summary>
    private List<int>? FindDuplicates(string checkpoint, CrossingBatch batch, HashSet<(string, string)>? stored)
    {
        if (!_groupEventIds.TryGetValue(checkpoint, out var taken))
        {
            taken = new HashSet<string>(batch.Events.Count, StringComparer.Ordinal);
            _groupEventIds.Add(checkpoint, taken);
        }
        var events = batch.Events;
        List<int>? duplicates = null;
        for (var i = 0; i < events.Count; i++)
        {
            var eventId = events[i].EventId;
            // A stored id is not taken, so giving back what a refused batch took below never gives back another's.
            if ((stored is not null && stored.Contains((checkpoint, eventId))) || !taken.Add(eventId))
            {
                (duplicates ??= []).Add(i);
            }
        }
        if (duplicates is not null)
        {
            // Give back the ids this refused batch took (a repeat's first occurrence is among them; the repeats were not added).
            var next = 0;
            for (var i = 0; i < events.Count; i++)
            {
                if (next < duplicates.Count && duplicates[next] == i)
                {
                    next++;
                    continue;
                }
                taken.Remove(events[i].EventId);
            }
        }
        return duplicates;
    }

    /// <summary>As a batch's stale-row delete would: rows written earlier in the group through its bound go; stored ones are deleted through the highest bound, before the group's rows are written.</summary>
    private void DropStale(string checkpoint, IReadOnlyList<CountsRow> rows, BucketKind kind)
    {
        if (!StaleRows.TryFind(rows, kind, out var staleThrough))
        {
            return;
        }
        if (!StaleThrough.TryGetValue((checkpoint, kind), out var known) || staleThrough > known)
        {
            StaleThrough[(checkpoint, kind)] = staleThrough;
        }
        List<(string, BucketKind, int)>? gone = null;
        foreach (var key in Rows.Keys)
        {
            if (key.Checkpoint == checkpoint && key.Kind == kind && key.Bucket <= staleThrough)
            {
                (gone ??= []).Add(key);
            }
        }
        if (gone is not null)
        {
            foreach (var key in gone)
            {
                Rows.Remove(key);
            }
        }
    }
}
