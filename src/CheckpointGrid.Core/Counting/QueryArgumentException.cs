namespace CheckpointGrid.Core.Counting;

/// <summary>A query the counts cannot answer as asked: INVALID_ARGUMENT, or OUT_OF_RANGE when <see cref="IsOutOfRange"/> (the window reaches past the buckets kept). Its message is "field: reason".</summary>
public sealed class QueryArgumentException(string field, string reason, bool isOutOfRange) : Exception($"{field}: {reason}")
{
    /// <summary>The request field at fault, by proto name, e.g. "start_time".</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong, for people.</summary>
    public string Reason { get; } = reason;

    /// <summary>True for OUT_OF_RANGE (the window starts before the oldest bucket kept), false for INVALID_ARGUMENT.</summary>
    public bool IsOutOfRange { get; } = isOutOfRange;
}
