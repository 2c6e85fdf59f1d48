namespace CheckpointGrid.Core.Validation;

/// <summary>The fixed rejections of crossing events, made once so that rejecting allocates nothing either.</summary>
internal static class EventErrors
{
    public static readonly ValidationError EventMissing = new("event", "required");
    public static readonly ValidationError EventIdRequired = new("event_id", "required");
    public static readonly ValidationError EventIdShape = new("event_id", "must be 1–128 printable ASCII characters (0x21–0x7E)");
    public static readonly ValidationError CheckpointIdRequired = new("checkpoint_id", "required");
    public static readonly ValidationError CheckpointIdShape = new("checkpoint_id", CheckpointId.Rule);
    public static readonly ValidationError TerminalIdRequired = new("terminal_id", "required");
    public static readonly ValidationError TerminalIdShape = new("terminal_id", TerminalId.Rule);
    public static readonly ValidationError SequenceNotZero = new("sequence", "must be 0 (unset) when recording one event: it is deduplicated by event_id alone");
    public static readonly ValidationError OccurredAtRequired = new("occurred_at", "required");
    public static readonly ValidationError OccurredAtMalformed = new("occurred_at", "is not a valid timestamp (seconds within years 1–9999, nanos 0 to 999,999,999)");
    public static readonly ValidationError OccurredAtTooEarly = new("occurred_at", "must not be before 2000-01-01T00:00:00Z");
    public static readonly ValidationError OccurredAtAhead = new("occurred_at", "must not be more than 5 minutes ahead of the server's clock");
    public static readonly ValidationError MovementRequired = new("movement", "required: MOVEMENT_UNSPECIFIED is not allowed");
    public static readonly ValidationError MovementUnknown = new("movement", "is not a known Movement value");
    public static readonly ValidationError DirectionRequired = new("direction", "required: DIRECTION_UNSPECIFIED is not allowed");
    public static readonly ValidationError DirectionUnknown = new("direction", "is not a known Direction value");
    public static readonly ValidationError NationalityShape = new("nationality", "must be three uppercase ASCII letters, an ISO 3166-1 alpha-3 code such as \"VEN\" (\"OOO\" for other or unknown)");
    public static readonly ValidationError AgeGroupRequired = new("age_group", "required: use AGE_GROUP_UNKNOWN when the age was not recorded");
    public static readonly ValidationError AgeGroupUnknown = new("age_group", "is not a known AgeGroup value");
    public static readonly ValidationError SexRequired = new("sex", "required: use SEX_UNKNOWN when it was not recorded");
    public static readonly ValidationError SexUnknown = new("sex", "is not a known Sex value");
    public static readonly ValidationError HeadcountRange = new("headcount", "must be 1 to 1000");
}
