using CheckpointGrid.Storage.GroupCommit;
using Npgsql;
using NpgsqlTypes;

namespace CheckpointGrid.Storage.Postgres;

/// <summary>
/// Writes a group of batches as one transaction on a pooled connection. The transaction first locks the version rows
/// of the group's checkpoints (creating version-0 rows for new ones), in checkpoint order so two silos never
/// deadlock: from then on no other silo can commit to them until this transaction ends, so the versions read are the
/// condition each batch is decided on (<see cref="PostgresGroupPlan"/>), and the version update is conditional on them
/// too. Duplicate event ids are rare (a resend its checkpoint could not tell was stored), so they are not looked up
/// first: the events are written, and a unique violation rolls the transaction back and writes the group again,
/// this time after looking up which of its events are stored (under the locks, so the answer holds).
/// </summary>
internal sealed class PostgresBatchWriter(NpgsqlDataSource dataSource, PostgresEventWrite eventWrite)
{
    private const string UniqueViolation = "23505";

    private const string CreateVersionsSql = """
        INSERT INTO checkpoint_versions (checkpoint_id, version, shelter_occupants)
        SELECT id, 0, 0 FROM unnest($1::text[]) AS id ORDER BY id
        ON CONFLICT (checkpoint_id) DO NOTHING
        """;

    private const string LockVersionsSql =
        "SELECT checkpoint_id, version FROM checkpoint_versions WHERE checkpoint_id = ANY($1::text[]) ORDER BY checkpoint_id FOR UPDATE";

    private const string FindStoredSql = """
        SELECT e.checkpoint_id, e.event_id FROM events e
        JOIN unnest($1::text[], $2::text[]) AS s(checkpoint_id, event_id) USING (checkpoint_id, event_id)
        """;

    private const string CopyEventsSql = """
        COPY events (checkpoint_id, event_id, terminal_id, sequence, occurred_at, movement, direction,
                     nationality, age_group, sex, headcount, recorded_at) FROM STDIN (FORMAT BINARY)
        """;

    private const string InsertEventsSql = """
        INSERT INTO events (checkpoint_id, event_id, terminal_id, sequence, occurred_at, movement, direction,
                            nationality, age_group, sex, headcount, recorded_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::integer[], $7::integer[],
                             $8::text[], $9::integer[], $10::integer[], $11::bigint[], $12::bigint[])
        """;

    private const string DeleteStaleRowsSql = """
        DELETE FROM counts_rows c USING unnest($1::text[], $2::integer[], $3::bigint[]) AS s(checkpoint_id, kind, through)
        WHERE c.checkpoint_id = s.checkpoint_id AND c.kind = s.kind AND c.bucket <= s.through
        """;

    private const string WriteRowsSql = """
        INSERT INTO counts_rows (checkpoint_id, kind, bucket, tally)
        SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::bytea[])
        ON CONFLICT (checkpoint_id, kind, bucket) DO UPDATE SET tally = excluded.tally
        """;

    private const string WriteVersionsSql = """
        UPDATE checkpoint_versions v
        SET version = s.version, shelter_occupants = s.shelter_occupants, last_recorded_at = s.last_recorded_at
        FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[])
             AS s(checkpoint_id, expected, version, shelter_occupants, last_recorded_at)
        WHERE v.checkpoint_id = s.checkpoint_id AND v.version = s.expected
        """;

    private const string RaiseSequencesSql = """
        INSERT INTO terminals (checkpoint_id, terminal_id, durable_sequence)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
        ON CONFLICT (checkpoint_id, terminal_id) DO UPDATE SET durable_sequence = GREATEST(terminals.durable_sequence, excluded.durable_sequence)
        """;

    /// <summary>
    /// Writes the group in one transaction and commits it, setting each batch's outcome. Throws, with nothing of the
    /// group committed unless the failure hit the COMMIT itself (then its outcome is unknown), if anything fails.
    /// </summary>
    public async Task<WriteCounts> WriteAsync(List<PendingCommit> group, CancellationToken cancellationToken)
    {
        var checkpoints = Checkpoints(group);
        HashSet<(string, string)>? stored = null;
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var versions = await LockVersionsAsync(connection, checkpoints, cancellationToken).ConfigureAwait(false);
            var plan = PostgresGroupPlan.Decide(group, versions, stored);
            try
            {
                await WritePlanAsync(connection, plan, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception is { SqlState: UniqueViolation, TableName: "events" } && stored is null)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                stored = await FindStoredAsync(group, cancellationToken).ConfigureAwait(false);
                continue;
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return plan.Counts;
        }
    }

    private static string[] Checkpoints(List<PendingCommit> group)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pending in group)
        {
            distinct.Add(pending.Batch.Checkpoint.Value);
        }
        return [.. distinct];
    }

    private static async Task<Dictionary<string, long>> LockVersionsAsync(NpgsqlConnection connection, string[] checkpoints, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(CreateVersionsSql, Parameter(checkpoints)));
        batch.BatchCommands.Add(Command(LockVersionsSql, Parameter(checkpoints)));
        var versions = new Dictionary<string, long>(checkpoints.Length, StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }
        if (versions.Count != checkpoints.Length)
        {
            throw new InvalidOperationException($"Locked the version rows of {versions.Count} checkpoints of {checkpoints.Length}: a version row was deleted meanwhile.");
        }
        return versions;
    }

    /// <summary>Which of the group's events are stored already: a separate round trip, made only after a unique violation.</summary>
    private async Task<HashSet<(string, string)>> FindStoredAsync(List<PendingCommit> group, CancellationToken cancellationToken)
    {
        var checkpoints = new List<string>();
        var eventIds = new List<string>();
        foreach (var pending in group)
        {
            foreach (var crossing in pending.Batch.Events)
            {
                checkpoints.Add(pending.Batch.Checkpoint.Value);
                eventIds.Add(crossing.EventId);
            }
        }
        // Read without the locks: ids stored now stay stored, and ids stored after this are found by the next
        // violation (a writer that does not follow the version protocol); the retry's locks make the rest hold.
        await using var command = dataSource.CreateCommand(FindStoredSql);
        command.Parameters.Add(Parameter(checkpoints.ToArray()));
        command.Parameters.Add(Parameter(eventIds.ToArray()));
        var stored = new HashSet<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stored.Add((reader.GetString(0), reader.GetString(1)));
        }
        return stored;
    }

    private async Task WritePlanAsync(NpgsqlConnection connection, PostgresGroupPlan plan, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (eventWrite == PostgresEventWrite.Copy)
        {
            await CopyEventsAsync(connection, plan.Accepted, cancellationToken).ConfigureAwait(false);
        }
        else if (InsertEvents(plan.Accepted) is { } insert)
        {
            batch.BatchCommands.Add(insert);
        }
        var versionsAt = -1;
        if (plan.StaleThrough.Count > 0)
        {
            batch.BatchCommands.Add(DeleteStaleRows(plan));
        }
        if (plan.Rows.Count > 0)
        {
            batch.BatchCommands.Add(WriteRows(plan));
        }
        if (plan.States.Count > 0)
        {
            versionsAt = batch.BatchCommands.Count;
            batch.BatchCommands.Add(WriteVersions(plan));
        }
        if (plan.Sequences.Count > 0)
        {
            batch.BatchCommands.Add(RaiseSequences(plan));
        }
        if (batch.BatchCommands.Count == 0)
        {
            return;
        }
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (versionsAt >= 0 && batch.BatchCommands[versionsAt].RecordsAffected != plan.States.Count)
        {
            // The rows are locked by this transaction: only a writer that ignores the locks could get here.
            throw new InvalidOperationException(
                $"Updated {batch.BatchCommands[versionsAt].RecordsAffected} checkpoint versions of {plan.States.Count}: a version changed under this transaction's lock.");
        }
    }

    private static async Task CopyEventsAsync(NpgsqlConnection connection, List<PendingCommit> accepted, CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var pending in accepted)
        {
            any |= pending.Batch.Events.Count > 0;
        }
        if (!any)
        {
            return;
        }
        await using var importer = await connection.BeginBinaryImportAsync(CopyEventsSql, cancellationToken).ConfigureAwait(false);
        foreach (var pending in accepted)
        {
            var batch = pending.Batch;
            var checkpoint = batch.Checkpoint.Value;
            var batchTerminal = batch.Terminal?.Value ?? string.Empty;
            var recordedAt = UnixNanoseconds.From(batch.RecordedAt);
            foreach (var crossing in batch.Events)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(checkpoint, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(crossing.EventId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(crossing.TerminalId.Length != 0 ? crossing.TerminalId : batchTerminal, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((long)crossing.Sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(UnixNanoseconds.From(crossing.OccurredAt), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((int)crossing.Movement, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((int)crossing.Direction, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(crossing.Nationality, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((int)crossing.AgeGroup, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((int)crossing.Sex, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((long)crossing.Headcount, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(recordedAt, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            }
        }
        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand? InsertEvents(List<PendingCommit> accepted)
    {
        var count = 0;
        foreach (var pending in accepted)
        {
            count += pending.Batch.Events.Count;
        }
        if (count == 0)
        {
            return null;
        }
        var (checkpoints, eventIds, terminals, sequences) = (new string[count], new string[count], new string[count], new long[count]);
        var (occurredAt, movements, directions, nationalities) = (new long[count], new int[count], new int[count], new string[count]);
        var (ageGroups, sexes, headcounts, recordedAt) = (new int[count], new int[count], new long[count], new long[count]);
        var at = 0;
        foreach (var pending in accepted)
        {
            var batch = pending.Batch;
            var batchTerminal = batch.Terminal?.Value ?? string.Empty;
            var recorded = UnixNanoseconds.From(batch.RecordedAt);
            foreach (var crossing in batch.Events)
            {
                checkpoints[at] = batch.Checkpoint.Value;
                eventIds[at] = crossing.EventId;
                terminals[at] = crossing.TerminalId.Length != 0 ? crossing.TerminalId : batchTerminal;
                sequences[at] = (long)crossing.Sequence;
                occurredAt[at] = UnixNanoseconds.From(crossing.OccurredAt);
                movements[at] = (int)crossing.Movement;
                directions[at] = (int)crossing.Direction;
                nationalities[at] = crossing.Nationality;
                ageGroups[at] = (int)crossing.AgeGroup;
                sexes[at] = (int)crossing.Sex;
                headcounts[at] = crossing.Headcount;
                recordedAt[at] = recorded;
                at++;
            }
        }
        return Command(InsertEventsSql,
            Parameter(checkpoints), Parameter(eventIds), Parameter(terminals), Parameter(sequences), Parameter(occurredAt), Parameter(movements),
            Parameter(directions), Parameter(nationalities), Parameter(ageGroups), Parameter(sexes), Parameter(headcounts), Parameter(recordedAt));
    }

    private static NpgsqlBatchCommand DeleteStaleRows(PostgresGroupPlan plan)
    {
        var count = plan.StaleThrough.Count;
        var (checkpoints, kinds, through) = (new string[count], new int[count], new long[count]);
        var at = 0;
        foreach (var ((checkpoint, kind), bound) in plan.StaleThrough)
        {
            (checkpoints[at], kinds[at], through[at]) = (checkpoint, (int)kind, bound);
            at++;
        }
        return Command(DeleteStaleRowsSql, Parameter(checkpoints), Parameter(kinds), Parameter(through));
    }

    private static NpgsqlBatchCommand WriteRows(PostgresGroupPlan plan)
    {
        var count = plan.Rows.Count;
        var (checkpoints, kinds, buckets, tallies) = (new string[count], new int[count], new int[count], new byte[count][]);
        var at = 0;
        foreach (var ((checkpoint, kind, bucket), tally) in plan.Rows)
        {
            (checkpoints[at], kinds[at], buckets[at], tallies[at]) = (checkpoint, (int)kind, bucket, tally);
            at++;
        }
        return Command(WriteRowsSql, Parameter(checkpoints), Parameter(kinds), Parameter(buckets), Parameter(tallies));
    }

    private static NpgsqlBatchCommand WriteVersions(PostgresGroupPlan plan)
    {
        var count = plan.States.Count;
        var (checkpoints, expected, versions, occupants, lastRecordedAt) = (new string[count], new long[count], new long[count], new long[count], new long?[count]);
        var at = 0;
        foreach (var (checkpoint, state) in plan.States)
        {
            (checkpoints[at], expected[at], versions[at]) = (checkpoint, plan.LockedVersions[checkpoint], state.Version);
            (occupants[at], lastRecordedAt[at]) = (state.ShelterOccupants, state.LastRecordedAt);
            at++;
        }
        return Command(WriteVersionsSql, Parameter(checkpoints), Parameter(expected), Parameter(versions), Parameter(occupants), Parameter(lastRecordedAt));
    }

    private static NpgsqlBatchCommand RaiseSequences(PostgresGroupPlan plan)
    {
        var count = plan.Sequences.Count;
        var (checkpoints, terminals, sequences) = (new string[count], new string[count], new long[count]);
        var at = 0;
        foreach (var ((checkpoint, terminal), sequence) in plan.Sequences)
        {
            (checkpoints[at], terminals[at], sequences[at]) = (checkpoint, terminal, sequence);
            at++;
        }
        return Command(RaiseSequencesSql, Parameter(checkpoints), Parameter(terminals), Parameter(sequences));
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<T> Parameter<T>(T value) => new() { TypedValue = value };
}
