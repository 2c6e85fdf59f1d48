using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Storage.Tests.Fixtures;
using static CheckpointGrid.Storage.Tests.Fixtures.Crossings;

namespace CheckpointGrid.Storage.Tests.Sqlite;

/// <summary>The events table, the durable record nothing on the hot path reads: every field of every committed event, exactly.</summary>
public sealed class SqliteEventsTableTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Committed_events_are_stored_with_every_field_in_commit_order()
    {
        await using var store = SqliteCrossingStore.Open(new SqliteStoreOptions { DataDirectory = _directory.Path });
        var writer = new CheckpointWriter(SanVicente);
        var streamed = Event("e-1", Laptop1, sequence: 1, Movement.ShelterCheckIn, headcount: 3, nationality: "HTI");
        streamed.CheckpointId = SanVicente.Value;
        var terminalLeftEmpty = Event("e-2", terminal: null, sequence: 2, Movement.Departure);
        var recorded = Event("e-3", Laptop2, sequence: 0, Movement.RepatriationBoarding, headcount: 1000);
        recorded.Direction = Direction.Southbound;
        recorded.AgeGroup = AgeGroup.Unknown;
        recorded.Sex = Sex.Unknown;
        var recordedAt = new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.FromHours(-5)).AddTicks(1);

        StoreAssert.Committed(await writer.StreamAsync(store, Laptop1, 2, streamed, terminalLeftEmpty));
        StoreAssert.Committed(await store.CommitAsync(writer.Recorded(recorded) with { RecordedAt = recordedAt }, default).WithTimeout());

        using var raw = new RawDatabase(store.DatabasePath);
        Assert.Equal(
            [
                $"e-1|PA-DAR-SVC|svc-laptop-1|1|{Nanos(streamed)}|3|1|HTI|2|1|3|{Nanos(RecordedAt)}",
                $"e-2|PA-DAR-SVC|svc-laptop-1|2|{Nanos(terminalLeftEmpty)}|2|1|VEN|2|1|1|{Nanos(RecordedAt)}",
                $"e-3|PA-DAR-SVC|svc-laptop-2|0|{Nanos(recorded)}|5|2|VEN|6|3|1000|{Nanos(recordedAt)}",
            ],
            raw.Rows("""
                SELECT event_id || '|' || checkpoint_id || '|' || terminal_id || '|' || sequence || '|' || occurred_at || '|' || movement
                    || '|' || direction || '|' || nationality || '|' || age_group || '|' || sex || '|' || headcount || '|' || recorded_at
                FROM events ORDER BY rowid;
                """));
    }

    private static long Nanos(CrossingEvent crossing) => (crossing.OccurredAt.Seconds * 1_000_000_000) + crossing.OccurredAt.Nanos;

    private static long Nanos(DateTimeOffset instant) => (instant.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
