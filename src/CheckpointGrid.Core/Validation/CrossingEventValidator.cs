using CheckpointGrid.Contracts.V1;

namespace CheckpointGrid.Core.Validation;

/// <summary>Checks crossing events against the rules of crossing.proto; null means valid, and a valid event costs no allocation.</summary>
public static class CrossingEventValidator
{
    /// <summary>Most people one event may record.</summary>
    public const uint MaxHeadcount = 1000;

    /// <summary>Longest event_id, in characters.</summary>
    public const int MaxEventIdLength = 128;

    /// <summary>How far ahead of the server's clock occurred_at may be.</summary>
    public static readonly TimeSpan MaxAheadOfServer = TimeSpan.FromMinutes(5);

    /// <summary>The earliest occurred_at accepted.</summary>
    public static readonly DateTimeOffset EarliestOccurredAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Checks an event of an Ingest stream opened for this checkpoint and terminal: its checkpoint_id and terminal_id may be empty, else must equal the stream's; sequence is not checked (the stream protocol owns it).</summary>
    public static ValidationError? ValidateStreamed(CrossingEvent? crossing, CheckpointId checkpoint, TerminalId terminal, DateTimeOffset now)
    {
        if (crossing is null)
        {
            return EventErrors.EventMissing;
        }

        if (ValidateEventId(crossing.EventId) is { } eventIdError)
        {
            return eventIdError;
        }

        if (crossing.CheckpointId.Length != 0 && !string.Equals(crossing.CheckpointId, checkpoint.Value, StringComparison.Ordinal))
        {
            return new ValidationError("checkpoint_id", $"must be empty or \"{checkpoint}\", the checkpoint the stream was opened for");
        }

        if (crossing.TerminalId.Length != 0 && !string.Equals(crossing.TerminalId, terminal.Value, StringComparison.Ordinal))
        {
            return new ValidationError("terminal_id", $"must be empty or \"{terminal}\", the terminal the stream was opened for");
        }

        return ValidateContent(crossing, now);
    }

    /// <summary>Checks an event of RecordCrossing: checkpoint_id and terminal_id are required and well-formed, and sequence must be 0.</summary>
    public static ValidationError? ValidateSingle(CrossingEvent? crossing, DateTimeOffset now)
    {
        if (crossing is null)
        {
            return EventErrors.EventMissing;
        }

        if (ValidateEventId(crossing.EventId) is { } eventIdError)
        {
            return eventIdError;
        }

        if (crossing.CheckpointId.Length == 0)
        {
            return EventErrors.CheckpointIdRequired;
        }

        if (!CheckpointId.IsValid(crossing.CheckpointId))
        {
            return EventErrors.CheckpointIdShape;
        }

        if (crossing.TerminalId.Length == 0)
        {
            return EventErrors.TerminalIdRequired;
        }

        if (!TerminalId.IsValid(crossing.TerminalId))
        {
            return EventErrors.TerminalIdShape;
        }

        return crossing.Sequence != 0 ? EventErrors.SequenceNotZero : ValidateContent(crossing, now);
    }

    /// <summary>Whether the text is a three-letter uppercase ASCII code (the shape, not whether ISO assigned it).</summary>
    internal static bool IsNationalityCode(string? text) =>
        text is { Length: 3 } && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1]) && char.IsAsciiLetterUpper(text[2]);

    private static ValidationError? ValidateEventId(string eventId)
    {
        if (eventId.Length == 0)
        {
            return EventErrors.EventIdRequired;
        }

        if (eventId.Length > MaxEventIdLength)
        {
            return EventErrors.EventIdShape;
        }

        foreach (var c in eventId)
        {
            if (c is < '\x21' or > '\x7E')
            {
                return EventErrors.EventIdShape;
            }
        }

        return null;
    }

    /// <summary>The rules on occurred_at and the attributes, in proto field order.</summary>
    private static ValidationError? ValidateContent(CrossingEvent crossing, DateTimeOffset now) =>
        ValidateOccurredAt(crossing, now)
        ?? (crossing.Movement is Movement.Unspecified ? EventErrors.MovementRequired
            : crossing.Movement is < Movement.Arrival or > Movement.RepatriationBoarding ? EventErrors.MovementUnknown
            : crossing.Direction is Direction.Unspecified ? EventErrors.DirectionRequired
            : crossing.Direction is < Direction.Northbound or > Direction.Southbound ? EventErrors.DirectionUnknown
            : !IsNationalityCode(crossing.Nationality) ? EventErrors.NationalityShape
            : crossing.AgeGroup is AgeGroup.Unspecified ? EventErrors.AgeGroupRequired
            : crossing.AgeGroup is < AgeGroup.Ages0To4 or > AgeGroup.Unknown ? EventErrors.AgeGroupUnknown
            : crossing.Sex is Sex.Unspecified ? EventErrors.SexRequired
            : crossing.Sex is < Sex.Female or > Sex.Unknown ? EventErrors.SexUnknown
            : crossing.Headcount is < 1 or > MaxHeadcount ? EventErrors.HeadcountRange
            : null);

    private static ValidationError? ValidateOccurredAt(CrossingEvent crossing, DateTimeOffset now)
    {
        var occurredAt = crossing.OccurredAt;
        if (occurredAt is null)
        {
            return EventErrors.OccurredAtRequired;
        }

        if (!TimestampTicks.IsWellFormed(occurredAt))
        {
            return EventErrors.OccurredAtMalformed;
        }

        var ticks = TimestampTicks.Of(occurredAt);
        if (ticks < EarliestOccurredAt.UtcTicks)
        {
            return EventErrors.OccurredAtTooEarly;
        }

        return ticks > now.UtcTicks + MaxAheadOfServer.Ticks ? EventErrors.OccurredAtAhead : null;
    }
}
