namespace CheckpointGrid.Abstractions.Counting;

/// <summary>A query a counting grain cannot serve (the domain's QueryArgumentException, carried between silos).</summary>
[GenerateSerializer, Alias("cg.InvalidQueryException")]
public sealed class InvalidQueryException : Exception
{
    public InvalidQueryException()
    {
    }

    public InvalidQueryException(string message)
        : base(message)
    {
    }

    public InvalidQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidQueryException(string message, bool isOutOfRange)
        : base(message) => IsOutOfRange = isOutOfRange;

    /// <summary>OUT_OF_RANGE (a window the scope no longer keeps) rather than INVALID_ARGUMENT.</summary>
    [Id(0)]
    public bool IsOutOfRange { get; init; }
}
