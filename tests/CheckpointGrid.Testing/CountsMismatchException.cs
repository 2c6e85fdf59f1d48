namespace CheckpointGrid.Testing;

/// <summary>Served counts differ from the recount: the message lists the rows.</summary>
public sealed class CountsMismatchException : Exception
{
    public CountsMismatchException()
    {
    }

    public CountsMismatchException(string message)
        : base(message)
    {
    }

    public CountsMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
