using CheckpointGrid.Contracts.V1;
using CheckpointGrid.Core.Tests.Fixtures;
using CheckpointGrid.Core.Validation;
using Google.Protobuf.WellKnownTypes;

namespace CheckpointGrid.Core.Tests.Validation;

/// <summary>Events are checked against crossing.proto's rules; a refusal names the field, and a valid event costs nothing.</summary>
public class CrossingEventValidatorTests
{
    private static readonly CheckpointId StreamCheckpoint = CheckpointId.Parse("PA-DAR-SVC");
    private static readonly TerminalId StreamTerminal = TerminalId.Parse("laptop-1");

    public static TheoryData<string, Action<CrossingEvent>> BrokenRules => new()
    {
        { "event_id", e => e.EventId = "" },
        { "event_id", e => e.EventId = new string('e', 129) },
        { "event_id", e => e.EventId = "has space" },
        { "event_id", e => e.EventId = "ñandú" },
        { "occurred_at", e => e.OccurredAt = null },
        { "occurred_at", e => e.OccurredAt = Timestamp.FromDateTimeOffset(Crossings.Utc(1999, 12, 31, 23, 59, 59)) },
        { "occurred_at", e => e.OccurredAt = Timestamp.FromDateTimeOffset(Crossings.Now.AddMinutes(5).AddSeconds(1)) },
        { "occurred_at", e => e.OccurredAt = new Timestamp { Seconds = 1_750_000_000, Nanos = -1 } },
        { "occurred_at", e => e.OccurredAt = new Timestamp { Seconds = long.MaxValue } },
        { "movement", e => e.Movement = Movement.Unspecified },
        { "movement", e => e.Movement = (Movement)6 },
        { "direction", e => e.Direction = Direction.Unspecified },
        { "direction", e => e.Direction = (Direction)3 },
        { "nationality", e => e.Nationality = "" },
        { "nationality", e => e.Nationality = "ven" },
        { "nationality", e => e.Nationality = "VE" },
        { "nationality", e => e.Nationality = "VENE" },
        { "nationality", e => e.Nationality = "V3N" },
        { "nationality", e => e.Nationality = "VÉN" },
        { "age_group", e => e.AgeGroup = AgeGroup.Unspecified },
        { "age_group", e => e.AgeGroup = (AgeGroup)7 },
        { "sex", e => e.Sex = Sex.Unspecified },
        { "sex", e => e.Sex = (Sex)4 },
        { "headcount", e => e.Headcount = 0 },
        { "headcount", e => e.Headcount = 1001 },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Each_broken_rule_is_refused_naming_its_field_in_both_entry_points(string field, Action<CrossingEvent> breakIt)
    {
        var crossing = Crossings.Make();
        breakIt(crossing);

        var streamed = CrossingEventValidator.ValidateStreamed(crossing, StreamCheckpoint, StreamTerminal, Crossings.Now);
        var single = CrossingEventValidator.ValidateSingle(crossing, Crossings.Now);

        Assert.Equal(field, streamed?.Field);
        Assert.Equal(field, single?.Field);
        Assert.False(string.IsNullOrWhiteSpace(streamed!.Reason));
    }

    [Fact]
    public void The_bounds_themselves_are_accepted()
    {
        var earliest = Crossings.Make(occurredAt: Crossings.Utc(2000, 1, 1), headcount: 1);
        var latest = Crossings.Make(occurredAt: Crossings.Now.AddMinutes(5), headcount: 1000);
        latest.EventId = new string('~', 128);
        var other = Crossings.Make(nationality: "OOO", ageGroup: AgeGroup.Unknown, sex: Sex.Unknown, movement: Movement.RepatriationBoarding);

        Assert.Null(CrossingEventValidator.ValidateSingle(earliest, Crossings.Now));
        Assert.Null(CrossingEventValidator.ValidateSingle(latest, Crossings.Now));
        Assert.Null(CrossingEventValidator.ValidateSingle(other, Crossings.Now));
    }

    [Fact]
    public void The_nationality_reason_says_what_a_code_looks_like()
    {
        var error = CrossingEventValidator.ValidateSingle(Crossings.Make(nationality: "ven"), Crossings.Now);

        Assert.Equal("nationality: must be three uppercase ASCII letters, an ISO 3166-1 alpha-3 code such as \"VEN\" (\"OOO\" for other or unknown)", error?.ToString());
    }

    [Fact]
    public void A_streamed_event_may_leave_checkpoint_and_terminal_empty()
    {
        var crossing = Crossings.Make(checkpointId: "", terminalId: "");
        crossing.Sequence = 17;

        Assert.Null(CrossingEventValidator.ValidateStreamed(crossing, StreamCheckpoint, StreamTerminal, Crossings.Now));
    }

    [Theory]
    [InlineData("PA-CHI-PCN", "laptop-1", "checkpoint_id")]
    [InlineData("PA-DAR-SVC", "laptop-2", "terminal_id")]
    public void A_streamed_event_naming_another_checkpoint_or_terminal_is_refused(string checkpointId, string terminalId, string field)
    {
        var error = CrossingEventValidator.ValidateStreamed(Crossings.Make(checkpointId: checkpointId, terminalId: terminalId), StreamCheckpoint, StreamTerminal, Crossings.Now);

        Assert.Equal(field, error?.Field);
        Assert.Contains("the stream was opened for", error!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "laptop-1", "checkpoint_id: required")]
    [InlineData("pa-dar-svc", "laptop-1", "checkpoint_id: must be 1–32 characters")]
    [InlineData("PA-DAR-SVC", "", "terminal_id: required")]
    [InlineData("PA-DAR-SVC", "lap top", "terminal_id: must be 1–64 characters")]
    public void A_single_event_needs_a_well_formed_checkpoint_and_terminal(string checkpointId, string terminalId, string expected)
    {
        var error = CrossingEventValidator.ValidateSingle(Crossings.Make(checkpointId: checkpointId, terminalId: terminalId), Crossings.Now);

        Assert.StartsWith(expected, error?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_event_must_not_carry_a_sequence()
    {
        var crossing = Crossings.Make();
        crossing.Sequence = 1;

        Assert.Equal("sequence", CrossingEventValidator.ValidateSingle(crossing, Crossings.Now)?.Field);
    }

    [Fact]
    public void A_missing_event_is_refused() =>
        Assert.Equal("event", CrossingEventValidator.ValidateSingle(null, Crossings.Now)?.Field);

    [Fact]
    public void Rules_are_checked_in_field_order_so_the_first_fault_is_reported()
    {
        var crossing = Crossings.Make(nationality: "x", headcount: 0);
        crossing.EventId = "";

        Assert.Equal("event_id", CrossingEventValidator.ValidateSingle(crossing, Crossings.Now)?.Field);
    }

    [Fact]
    public void Validating_a_valid_event_allocates_nothing()
    {
        var crossing = Crossings.Make();
        CrossingEventValidator.ValidateStreamed(crossing, StreamCheckpoint, StreamTerminal, Crossings.Now);
        CrossingEventValidator.ValidateSingle(crossing, Crossings.Now);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(CrossingEventValidator.ValidateStreamed(crossing, StreamCheckpoint, StreamTerminal, Crossings.Now));
            Assert.Null(CrossingEventValidator.ValidateSingle(crossing, Crossings.Now));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
